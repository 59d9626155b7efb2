import Foundation
import MawidStorage
import MawidSite

/// Finding bookings in the office: by reference, phone number or a part of a name (`BookingQuery`), and a
/// patient's file. Like every review query, only the bookings of the doctors the account may see
/// (`Account.visibleDoctors`: nil is all, empty is none).
extension BookingStore {
    /// The bookings `query` finds, the latest made first, at most `limit`. (By the index's order: sorting
    /// every match by visit date instead took 60–100 ms for a common name among 284,000 bookings.)
    public func search(_ query: BookingQuery, doctors: [String]?, limit: Int = 50) async throws -> [StoredBooking] {
        guard DoctorFilter(doctors) != nil else { return [] }
        switch query {
        case .tooShort:
            return []
        case .reference(let reference, let name):
            if let booking = try await booking(reference: reference), doctors?.contains(booking.request.doctor) ?? true {
                return [booking]
            }
            return name.count >= BookingQuery.minimumLength ? try await search(.name(name), doctors: doctors, limit: limit) : []
        case .name(let text), .phone(let text):
            return try await matching(text, doctors: doctors, limit: limit)
        }
    }

    /// Every booking made with the phone number of booking `id` with the visible doctors (for the patient
    /// themselves or a relative), newest visit first, at most `limit`; nil when booking `id` is not visible.
    public func patientFile(of id: Int64, doctors: [String]?, limit: Int = 500) async throws -> PatientFile? {
        guard let booking = try await booking(id: id, doctors: doctors) else { return nil }
        let phone = booking.request.phone
        let bookings = try await matching(phone.filter(\.isASCIIDigit), doctors: doctors, limit: limit, phone: phone)
            .sorted { ($0.request.slot, $0.id) > ($1.request.slot, $1.id) }
        return PatientFile(phone: phone, bookings: bookings)
    }

    /// Every booking made with `phone` (E.164), for the patient or a relative, with any doctor, newest visit
    /// first, at most `limit`: what "My appointments" shows once the number is proven (`SignInCodes`).
    public func bookings(phone: String, limit: Int = 500) async throws -> [StoredBooking] {
        try await matching(phone.filter(\.isASCIIDigit), doctors: nil, limit: limit, phone: phone)
            .sorted { ($0.request.slot, $0.id) > ($1.request.slot, $1.id) }
    }

    /// Whether any booking was made with `phone` (E.164).
    public func hasBookings(phone: String) async throws -> Bool {
        try await !matching(phone.filter(\.isASCIIDigit), doctors: nil, limit: 1, phone: phone).isEmpty
    }

    /// Bookings whose search key (`SearchText.key`) contains `text` (and of `phone`, when given), latest made
    /// first: those the indexer has not reached yet read and matched here, then the others through the
    /// trigram index, in one snapshot.
    private func matching(_ text: String, doctors: [String]?, limit: Int, phone: String? = nil) async throws -> [StoredBooking] {
        guard let visible = DoctorFilter(doctors), limit > 0 else { return [] }
        let phoneSQL = phone == nil ? "" : " AND booking.phone = ?"
        let phoneArguments: [String] = phone.map { [$0] } ?? []
        let records: [BookingRecord]
        do {
            records = try await database.engine.read { db in
                let upTo = try BookingCursor.searchIndex.get(db)
                // The few bookings the indexer has not reached yet (it runs every second).
                var records = try BookingRecord.fetchAll(db, """
                    SELECT * FROM booking WHERE id > ?\(phoneSQL) AND \(visible.sql) ORDER BY id DESC
                    """, SQLArguments([upTo] + phoneArguments + visible.arguments as [any SQLValueConvertible]))
                    .filter { SearchText.key(patientName: $0.patientName, relativeName: $0.relativeName, phone: $0.phone).contains(text) }
                    .prefix(limit).map { $0 }
                guard records.count < limit else { return records }
                // SQLite: CROSS JOIN keeps the index outermost; with `doctor IN (…)` it would otherwise walk the
                // doctor's bookings and run the trigram match for each (0.5 s for 5,000 bookings).
                let (join, key) = db.dialect.pick(sqlite: ("CROSS JOIN", "rowid"), postgres: ("JOIN", "id"))
                records += try BookingRecord.fetchAll(db, """
                    SELECT booking.* FROM bookingSearch \(join) booking ON booking.id = bookingSearch.\(key)
                    WHERE bookingSearch.searchKey LIKE ?\(phoneSQL) AND \(visible.sql)
                    ORDER BY bookingSearch.\(key) DESC LIMIT ?
                    """, SQLArguments(["%" + text + "%"] + phoneArguments + visible.arguments
                                      + [limit - records.count] as [any SQLValueConvertible]))
                return records
            }
        } catch is SQLError {
            throw UnreadableBooking(id: nil)
        }
        return try records.map { record in
            guard let booking = StoredBooking(record) else { throw UnreadableBooking(id: record.id) }
            return booking
        }
    }

    /// Adds the bookings made since the last call to the search index, at most `limit`; returns how many.
    /// `SearchIndexer` calls it every second: the keys are made from a read snapshot, then written in one short
    /// transaction (2,000 rows at once: ~7 µs a row, where one index write per booking cost ~60 µs).
    @discardableResult
    public func indexForSearch(limit: Int = 2000) async throws -> Int {
        let rows = try await database.engine.read { db in
            let upTo = try BookingCursor.searchIndex.get(db)
            return try db.fetchAll("SELECT id, patientName, relativeName, phone FROM booking WHERE id > ? ORDER BY id LIMIT ?",
                                   [upTo, limit])
                .map { row in
                    (id: try row.decode("id", as: Int64.self),
                     key: SearchText.key(patientName: row["patientName"] ?? "", relativeName: row["relativeName"],
                                         phone: row["phone"] ?? ""))
                }
        }
        guard let first = rows.first, let last = rows.last else { return 0 }
        return try await database.engine.write { db in
            // Another indexer (a second server on the same database) may have done it meanwhile.
            guard try BookingCursor.searchIndex.get(db) < first.id else { return 0 }
            let insert = db.dialect.pick(sqlite: "INSERT INTO bookingSearch (rowid, searchKey) VALUES (?, ?)",
                                         postgres: "INSERT INTO bookingSearch (id, searchKey) VALUES (?, ?) ON CONFLICT (id) DO NOTHING")
            for row in rows { try db.execute(insert, [row.id, row.key]) }
            try BookingCursor.searchIndex.advance(db, to: last.id)
            return rows.count
        }
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
