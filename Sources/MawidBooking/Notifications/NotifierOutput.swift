import MawidStorage
import Foundation

/// A row `BookingNotifier` writes: an outbox message or a line of a practice account's digest.
enum NotifierWrite: Sendable {
    case outbox(OutboxDraft, held: Bool, at: Date)
    case digest(accountID: Int64, line: String, at: Date)

    func apply(_ db: any SQLConnection) throws {
        switch self {
        case .outbox(let draft, let held, let now):
            try draft.insert(db, now: now, held: held)
        case .digest(let accountID, let line, let now):
            try db.execute("INSERT INTO digestItem (accountId, line, createdAt) VALUES (?, ?, ?)",
                           [accountID, line, Timestamp.string(now)])
        }
    }
}

/// Where a notifier's rows go when they are not written at once: `MessageComposer` renders creation
/// messages from a read snapshot, and the group-commit writer inserts what it collected.
final class NotifierOutput: @unchecked Sendable {
    private(set) var writes: [NotifierWrite] = []

    func append(_ write: NotifierWrite) { writes.append(write) }
}
