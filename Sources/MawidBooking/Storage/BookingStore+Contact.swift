import Foundation
import GRDB

extension BookingStore {
    /// Contact messages, newest first: unhandled ones only unless `includeHandled`.
    public func contactMessages(includeHandled: Bool, limit: Int = 500) async throws -> [StoredContactMessage] {
        let records = try await database.dbWriter.read { db in
            var request = ContactRecord.order(Column("id").desc).limit(max(0, limit))
            if !includeHandled { request = request.filter(Column("handled") == false) }
            return try request.fetchAll(db)
        }
        return records.compactMap(StoredContactMessage.init)
    }

    /// Marks a contact message handled; false if there is no message with this id.
    @discardableResult
    public func markContactHandled(id: Int64) async throws -> Bool {
        try await database.dbWriter.write { db in
            try db.execute(sql: "UPDATE contactMessage SET handled = 1 WHERE id = ?", arguments: [id])
            return db.changesCount > 0
        }
    }
}
