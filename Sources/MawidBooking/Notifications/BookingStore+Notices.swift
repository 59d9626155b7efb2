import Foundation
import MawidStorage

/// Who to tell about something that happened to a booking outside its state machine (a message in its
/// thread, a document): the patient by their channels, or the doctor's accounts, with a link and no content.
public enum BookingNotice: Sendable {
    case patient(MessageKind)
    case practice(MessageKind)
}

extension BookingStore {
    /// Runs `body` in one write transaction with the booking `bookingID`, then writes the messages of the
    /// notices it returns in that same transaction (so a message exists only if what it announces does).
    /// `key` makes each message written once (`<key>-<kind>-<channel>`). Nothing is written without a
    /// message context (tests, commands), nor for a booking that does not exist.
    public func write<T: Sendable>(bookingID: Int64, now: Date, key: String,
                                   _ body: @escaping @Sendable (any SQLConnection) throws -> (T, [BookingNotice])) async throws -> T {
        let notifications = notifications
        return try await database.engine.write { db in
            let (value, notices) = try body(db)
            guard !notices.isEmpty, let record = try BookingRecord.fetch(db, id: bookingID),
                  let notifier = try notifications.notifier(db, now: now) else { return value }
            for notice in notices {
                switch notice {
                case .patient(let kind): try notifier.toPatient(kind, record, key: key)
                case .practice(let kind): try notifier.toPractice(kind, record, key: key)
                }
            }
            return value
        }
    }
}
