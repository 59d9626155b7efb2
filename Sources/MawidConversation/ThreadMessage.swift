import Foundation
import GRDB
import MawidBooking

/// One message of a booking's thread between the patient and the practice. Health data: shown only on the
/// patient's page and to the booking's practice, never logged, never put in an email or SMS.
public struct ThreadMessage: Sendable, Equatable {
    public var id: Int64
    public var bookingID: Int64
    public var fromPatient: Bool
    /// `patient`, or the login of the account that wrote it.
    public var author: String
    public var body: String
    public var createdAt: Date
    /// When the other side first saw it; nil while unread.
    public var readAt: Date?
}

/// A row of `threadMessage` (schema v11, in `MawidBooking`'s migrations).
struct ThreadMessageRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "threadMessage"

    var id: Int64?
    var bookingId: Int64
    var fromPatient: Bool
    var author: String
    var body: String
    var createdAt: String
    var readAt: String?

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    var message: ThreadMessage {
        ThreadMessage(id: id ?? 0, bookingID: bookingId, fromPatient: fromPatient, author: author, body: body,
                      createdAt: Timestamp.date(createdAt) ?? .distantPast, readAt: readAt.flatMap(Timestamp.date))
    }
}
