import Foundation
import MawidStorage
import MawidSite

/// What the office sees. Every query takes the doctors the account may see (`Account.visibleDoctors`):
/// nil means all (admins), an empty list means none; rows of other doctors are never returned.
extension BookingStore {
    /// Requests to handle, then what is coming: pending (oldest request first), then proposed (by slot),
    /// then confirmed (by slot). Only bookings from today on (`timeZone`'s today at `now`): an older
    /// pending or proposed request can no longer be answered. Pass the site's time zone. `statuses`: only
    /// those of the slot-holding statuses (the inbox's status filter).
    public func inbox(doctors: [String]?, now: Date, limit: Int = 200, statuses: [BookingStatus]? = nil,
                      timeZone: TimeZone = TimeZone(identifier: "UTC")!) async throws -> [StoredBooking] {
        guard let visible = DoctorFilter(doctors) else { return [] }
        let today = SlotCalendar(timeZone: timeZone, now: now, horizonDays: 0).today.description
        let holding = BookingStatus.slotHolding.filter { statuses?.contains($0) ?? true }.map(\.rawValue)
        guard !holding.isEmpty else { return [] }
        return try await fetchBookings(sql: """
            SELECT * FROM booking
            WHERE \(visible.sql) AND status IN \(holding.sqlPlaceholders) AND date >= ?
            ORDER BY CASE status WHEN 'pending' THEN 0 WHEN 'proposed' THEN 1 ELSE 2 END,
                     CASE status WHEN 'pending' THEN createdAt ELSE date || ' ' || time END, id
            LIMIT ?
            """, visible.arguments + holding + [today, max(0, limit)] as [any SQLValueConvertible])
    }

    /// Every booking (any status) of the visible doctors from `from` through `through`, by date and time.
    public func bookings(doctors: [String]?, from: LocalDate, through: LocalDate) async throws -> [StoredBooking] {
        guard let visible = DoctorFilter(doctors) else { return [] }
        return try await fetchBookings(sql: """
            SELECT * FROM booking WHERE \(visible.sql) AND date BETWEEN ? AND ? ORDER BY date, time, id
            """, visible.arguments + [from.description, through.description])
    }

    /// The booking with this id, or nil if there is none or its doctor is not visible.
    public func booking(id: Int64, doctors: [String]?) async throws -> StoredBooking? {
        guard let visible = DoctorFilter(doctors) else { return nil }
        return try await fetchBookings(sql: "SELECT * FROM booking WHERE id = ? AND \(visible.sql)",
                                       [id] + visible.arguments as [any SQLValueConvertible]).first
    }

    /// For each booking of `ids`, the earlier bookings (any status) of the same phone number with the same
    /// doctor: those whose slot comes before its own, latest first, at most `limit` each. One query for a
    /// whole inbox; a booking without earlier ones (or an unknown id) has no entry. Pass only bookings the
    /// caller may see: the earlier ones are of the same doctor.
    public func previousVisits(of ids: [Int64], limit: Int = 50) async throws -> [Int64: [StoredBooking]] {
        guard !ids.isEmpty else { return [:] }
        let rows: [(shown: Int64, record: BookingRecord)]
        do {
            rows = try await database.engine.read { db in
                try db.fetchAll(Self.previousVisitsSQL(count: ids.count),
                                 SQLArguments(ids.map(\.sqlValue) + [max(0, limit).sqlValue]))
                .map { row in try (shown: row.decode("shownId", as: Int64.self), record: BookingRecord(row: row)) }
            }
        } catch is SQLError {
            throw UnreadableBooking(id: nil)
        }
        var visits: [Int64: [StoredBooking]] = [:]
        for (shown, record) in rows { visits[shown, default: []].append(try Self.booking(record)) }
        return visits
    }

    /// `previousVisits`' query for `count` ids, then the limit. No index on phone (each would cost every new
    /// booking a page write): the bookings of the shown doctors are read through the slot index once, those
    /// of the shown phones kept, then matched.
    static func previousVisitsSQL(count: Int) -> String {
        let ids = Array(repeating: "?", count: count).joined(separator: ", ")
        return """
            WITH shown AS (
                SELECT id, doctor, phone, date || ' ' || time AS at FROM booking
                WHERE id IN (\(ids))
            ),
            candidate AS MATERIALIZED (
                SELECT * FROM booking
                WHERE doctor IN (SELECT doctor FROM shown) AND phone IN (SELECT phone FROM shown)
            )
            SELECT * FROM (
                SELECT shown.id AS shownId, earlier.*,
                       ROW_NUMBER() OVER (PARTITION BY shown.id
                                          ORDER BY earlier.date DESC, earlier.time DESC, earlier.id DESC) AS position
                FROM shown
                JOIN candidate AS earlier
                  ON earlier.phone = shown.phone AND earlier.doctor = shown.doctor AND earlier.id <> shown.id
                 AND earlier.date || ' ' || earlier.time < shown.at
            ) AS numbered
            WHERE position <= ?
            ORDER BY shownId, position
            """
    }

    /// Bookings from raw SQL over `booking`; a row that does not decode throws `UnreadableBooking`.
    func fetchBookings(sql: String, _ arguments: [any SQLValueConvertible]) async throws -> [StoredBooking] {
        let arguments = SQLArguments(arguments)
        let records: [BookingRecord]
        do {
            records = try await database.engine.read { db in try BookingRecord.fetchAll(db, sql, arguments) }
        } catch is SQLError {
            throw UnreadableBooking(id: nil)
        }
        return try records.map(Self.booking)
    }

    private static func booking(_ record: BookingRecord) throws(UnreadableBooking) -> StoredBooking {
        guard let booking = StoredBooking(record) else { throw UnreadableBooking(id: record.id) }
        return booking
    }
}

/// `doctor IN (…)` for the doctors an account may see; nil when it may see none.
public struct DoctorFilter: Sendable {
    public var sql: String
    public var arguments: [String]

    public init?(_ doctors: [String]?) {
        guard let doctors else {
            sql = "1 = 1"
            arguments = []
            return
        }
        guard !doctors.isEmpty else { return nil }
        sql = "doctor IN \(doctors.sqlPlaceholders)"
        arguments = doctors
    }
}
