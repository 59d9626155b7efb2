import Foundation
import GRDB
import MawidSite

/// Finding bookings in the office: by reference, phone number or a part of a name (`BookingQuery`), and a
/// patient's file. Like every review query, only the bookings of the doctors the account may see
/// (`Account.visibleDoctors`: nil is all, empty is none).
extension BookingStore {
    /// The bookings `query` finds, newest visit first, at most `limit`.
    public func search(_ query: BookingQuery, doctors: [String]?, limit: Int = 50) async throws -> [StoredBooking] {
        guard let visible = DoctorFilter(doctors) else { return [] }
        switch query {
        case .tooShort:
            return []
        case .reference(let reference, let name):
            if let booking = try await booking(reference: reference), try await self.booking(id: booking.id, doctors: doctors) != nil {
                return [booking]
            }
            return name.count >= BookingQuery.minimumLength ? try await search(.name(name), doctors: doctors, limit: limit) : []
        case .name(let text), .phone(let text):
            // Through the trigram index (`Schema.v9`), then the visible doctors and the order from the table.
            // CROSS JOIN keeps the index outermost: with `doctor IN (…)` SQLite would otherwise walk the
            // doctor's bookings and run the trigram match for each (0.5 s for 5,000 bookings).
            return try await fetchBookings(sql: """
                SELECT booking.* FROM bookingSearch CROSS JOIN booking ON booking.id = bookingSearch.rowid
                WHERE bookingSearch.searchKey LIKE ? AND \(visible.sql)
                ORDER BY booking.date DESC, booking.time DESC, booking.id DESC
                LIMIT ?
                """, arguments: ["%" + text + "%"] + visible.arguments + [max(0, limit)] as [any DatabaseValueConvertible])
        }
    }

    /// Every booking made with the phone number of booking `id` with the visible doctors (for the patient
    /// themselves or a relative), newest visit first, at most `limit`; nil when booking `id` is not visible.
    public func patientFile(of id: Int64, doctors: [String]?, limit: Int = 500) async throws -> PatientFile? {
        guard let booking = try await booking(id: id, doctors: doctors), let visible = DoctorFilter(doctors) else { return nil }
        let phone = booking.request.phone
        let bookings = try await fetchBookings(sql: """
            SELECT booking.* FROM bookingSearch CROSS JOIN booking ON booking.id = bookingSearch.rowid
            WHERE bookingSearch.searchKey LIKE ? AND booking.phone = ? AND \(visible.sql)
            ORDER BY booking.date DESC, booking.time DESC, booking.id DESC
            LIMIT ?
            """, arguments: ["%" + phone.filter(\.isASCIIDigit) + "%", phone] + visible.arguments + [max(0, limit)]
                as [any DatabaseValueConvertible])
        return PatientFile(phone: phone, bookings: bookings)
    }
}

/// The bookings of one phone number with the practice, and what they add up to.
public struct PatientFile: Sendable {
    public let phone: String
    /// Newest visit first.
    public let bookings: [StoredBooking]

    public func count(_ status: BookingStatus) -> Int { bookings.count { $0.status == status } }

    /// The people the bookings were for: the patient's name(s) and relatives' names, each once, in order.
    public var people: [String] {
        var seen = Set<String>()
        var names: [String] = []
        for booking in bookings.reversed() {
            let request = booking.request
            let name = request.forWhom == .relative ? (request.relativeName ?? request.patientName) : request.patientName
            if seen.insert(SearchText.folded(name)).inserted { names.append(name) }
        }
        return names
    }
}
