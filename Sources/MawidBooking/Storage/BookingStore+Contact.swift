import Foundation
import MawidStorage

/// The contact messages the office reads and marks handled (`contactMessage`), on either engine.
struct ContactInbox: Sendable {
    let database: AppDatabase

    /// Newest first: unhandled ones only unless `includeHandled`.
    func messages(includeHandled: Bool, limit: Int) async throws -> [StoredContactMessage] {
        let rows = try await database.engine.read { db in
            try db.fetchAll("""
                SELECT id, name, email, phone, subject, message, language, createdAt, handled FROM contactMessage
                \(includeHandled ? "" : "WHERE handled = 0") ORDER BY id DESC LIMIT ?
                """, [max(0, limit)])
        }
        return try rows.compactMap(StoredContactMessage.init(row:))
    }

    /// False if there is no message with this id.
    func markHandled(id: Int64) async throws -> Bool {
        try await database.engine.write { db in
            try db.execute("UPDATE contactMessage SET handled = 1 WHERE id = ?", [id]) > 0
        }
    }
}

extension StoredContactMessage {
    /// A row of `contactMessage`; nil if its `createdAt` does not read as a timestamp.
    fileprivate init?(row: SQLRow) throws {
        guard let createdAt = Timestamp.date(try row.decode("createdAt")) else { return nil }
        self.id = try row.decode("id")
        self.message = ContactMessage(name: try row.decode("name"), email: row["email"], phone: row["phone"],
                                      subject: row["subject"], message: try row.decode("message"),
                                      language: try row.decode("language"))
        self.createdAt = createdAt
        self.handled = try row.decode("handled")
    }
}

extension BookingStore {
    /// Contact messages, newest first: unhandled ones only unless `includeHandled`.
    public func contactMessages(includeHandled: Bool, limit: Int = 500) async throws -> [StoredContactMessage] {
        try await ContactInbox(database: database).messages(includeHandled: includeHandled, limit: limit)
    }

    /// Marks a contact message handled; false if there is no message with this id.
    @discardableResult
    public func markContactHandled(id: Int64) async throws -> Bool {
        try await ContactInbox(database: database).markHandled(id: id)
    }
}
