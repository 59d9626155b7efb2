import MawidStorage
import Foundation

/// The messages a new booking causes (`BookingNotifier.created`), for the bookings after `BookingCursor.creation`:
/// written inline by the group-commit writer, or later by `MessageComposer`, always in booking order.
enum CreationMessages {
    /// Bookings after the cursor, oldest first: at most `limit`, none after `through`; each with the id of
    /// its creation audit row (the messages' idempotency keys name it).
    static func backlog(_ db: any SQLConnection, through: Int64 = .max, limit: Int) throws -> [(record: BookingRecord, auditID: Int64)] {
        let cursor = try BookingCursor.creation.get(db)
        guard cursor < through else { return [] }
        return try db.fetchAll("""
            SELECT booking.*, (SELECT MIN(id) FROM auditEvent WHERE bookingId = booking.id) AS creationAuditId
            FROM booking WHERE id > ? AND id <= ? ORDER BY id LIMIT ?
            """, [cursor, through, limit]).map { (try BookingRecord(row: $0), $0["creationAuditId"] ?? 0) }
    }

    /// Writes, in this transaction, the creation messages of every booking after the cursor up to
    /// `bookingID`, and moves the cursor there: a change to a booking calls it first, so its patient never
    /// hears of the change before hearing of the booking.
    static func catchUp(_ db: any SQLConnection, through bookingID: Int64, notifier: BookingNotifier?) throws {
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
    func apply(_ db: any SQLConnection) throws {
        let cursor = try BookingCursor.creation.get(db)
        for (bookingID, write) in writes where bookingID > cursor { try write.apply(db) }
        try BookingCursor.creation.advance(db, to: through)
    }
}
