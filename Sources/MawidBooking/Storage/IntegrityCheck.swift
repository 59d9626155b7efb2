import GRDB

/// SQLite's `PRAGMA integrity_check`, which a backup passes before it is kept and before it is restored.
enum IntegrityCheck {
    /// The first `limit` problems found (structural messages: page and index names, never row values);
    /// empty when the database is sound.
    static func problems(_ db: Database, limit: Int = 3) throws -> [String] {
        do {
            let rows = try String.fetchAll(db, sql: "PRAGMA integrity_check(\(limit))")
            return rows == ["ok"] ? [] : rows
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CORRUPT {
            // Some damage stops the check itself ("database disk image is malformed").
            return [error.message ?? "database disk image is malformed"]
        }
    }
}
