import Foundation
import MawidStorage
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
extension ThreadMessage {
    /// A row of `threadMessage` (schema v11, in `MawidBooking`'s migrations).
    init(row: SQLRow) throws {
        self.init(id: try row.decode("id"), bookingID: try row.decode("bookingId"), fromPatient: try row.decode("fromPatient"),
                  author: try row.decode("author"), body: try row.decode("body"),
                  createdAt: row["createdAt"].flatMap(Timestamp.date) ?? .distantPast,
                  readAt: row["readAt"].flatMap(Timestamp.date))
    }
}
