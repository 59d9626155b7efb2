import Foundation
import GRDB

/// The messages a new booking causes (`BookingNotifier.created`), for the bookings after `BookingCursor.creation`:
/// written inline by the group-commit writer, or later by `MessageComposer`, always in booking order.
enum CreationMessages {
    /// Bookings after the cursor, oldest first: at most `limit`, none after `through`; each with the id of
    /// its creation audit row (the messages' idempotency keys name it).
    static func backlog(_ db: Database, through: Int64 = .max, limit: Int) throws -> [(record: BookingRecord, auditID: Int64)] {
        let cursor = try BookingCursor.creation.get(db)
        guard cursor < through else { return [] }
        let rows = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT booking.*, (SELECT MIN(id) FROM auditEvent WHERE bookingId = booking.id) AS creationAuditId
            FROM booking WHERE id > ? AND id <= ? ORDER BY id LIMIT ?
            """), arguments: [cursor, through, limit])
        // Decoded from the cursor's rows, not copies: columns are then found through the statement's own index.
        var backlog: [(record: BookingRecord, auditID: Int64)] = []
        while let row = try rows.next() { backlog.append((try BookingRecord(row: row), row["creationAuditId"] ?? 0)) }
        return backlog
    }

    /// Writes, in this transaction, the creation messages of every booking after the cursor up to
    /// `bookingID`, and moves the cursor there: a change to a booking calls it first, so its patient never
    /// hears of the change before hearing of the booking.
    static func catchUp(_ db: Database, through bookingID: Int64, notifier: BookingNotifier?) throws {
        while true {
            let backlog = try backlog(db, through: bookingID, limit: 500)
            guard let last = backlog.last else { return }
            for (record, auditID) in backlog { try notifier?.created(record, auditID: auditID) }
            try BookingCursor.creation.advance(db, to: last.record.id!)
        }
    }
}

/// Creation messages rendered outside the writer (`MessageComposer`), for the writer to insert.
struct ComposedMessages: Sendable {
    /// The last booking covered: the cursor moves there.
    var through: Int64
    var writes: [(bookingID: Int64, write: NotifierWrite)]

    /// Inserts the rows of bookings still after the cursor, then moves it.
    func apply(_ db: Database) throws {
        let cursor = try BookingCursor.creation.get(db)
        for (bookingID, write) in writes where bookingID > cursor { try write.apply(db) }
        try BookingCursor.creation.advance(db, to: through)
    }
}
