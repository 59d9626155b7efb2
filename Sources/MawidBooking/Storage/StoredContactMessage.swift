import Foundation

/// A contact message as stored. Holds personal data: never log it (its `description` shows none).
public struct StoredContactMessage: Hashable, Sendable {
    public var id: Int64
    public var message: ContactMessage
    public var createdAt: Date
    /// Someone at the office dealt with it.
    public var handled: Bool

    init?(_ record: ContactRecord) {
        guard let id = record.id, let createdAt = Timestamp.date(record.createdAt) else { return nil }
        self.id = id
        self.message = ContactMessage(name: record.name, email: record.email, phone: record.phone,
                                      subject: record.subject, message: record.message, language: record.language)
        self.createdAt = createdAt
        self.handled = record.handled
    }
}

extension StoredContactMessage: CustomStringConvertible {
    public var description: String { "ContactMessage #\(id)\(handled ? " (handled)" : "")" }
}
