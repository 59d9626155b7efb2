import Foundation
import MawidStorage

extension BookingStore {
    /// Contact messages, newest first: unhandled ones only unless `includeHandled`.
    public func contactMessages(includeHandled: Bool, limit: Int = 500) async throws -> [StoredContactMessage] {
        let rows = try await database.engine.read { db in
            try db.fetchAll("""
                SELECT id, name, email, phone, subject, message, language, createdAt, handled FROM contactMessage
                \(includeHandled ? "" : "WHERE handled = 0") ORDER BY id DESC LIMIT ?
                """, [max(0, limit)])
        }
        return try rows.compactMap(StoredContactMessage.init(row:))
    }

    /// Marks a contact message handled; false if there is no message with this id.
    @discardableResult
    public func markContactHandled(id: Int64) async throws -> Bool {
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
