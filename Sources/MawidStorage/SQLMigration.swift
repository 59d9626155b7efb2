import GRDB

/// One step of the schema, for both engines, in the one ordered list `SQLDatabase.migrate` applies
/// (MawidBooking's `Schema.migrations`). Names never change; a shipped step is never edited.
public struct SQLMigration: Sendable {
    public let id: String
    /// The step on SQLite, written with GRDB (run by its `DatabaseMigrator`).
    public let sqlite: @Sendable (Database) throws -> Void
    /// Foreign keys checked at the end of the SQLite step rather than statement by statement (a table made again).
    public let deferForeignKeys: Bool
    /// The step on PostgreSQL, statement by statement. Empty for v2…v15: PostgreSQL came with v16's schema,
    /// which its v1 makes whole.
    public let postgres: [String]

    public init(_ id: String, deferForeignKeys: Bool = false, postgres: [String] = [],
                sqlite: @escaping @Sendable (Database) throws -> Void) {
        self.id = id
        self.sqlite = sqlite
        self.deferForeignKeys = deferForeignKeys
        self.postgres = postgres
    }
}

/// The database was migrated by a newer mawid: its migrations `unknown` are not this one's.
public struct NewerSchema: Error, Sendable, Equatable, CustomStringConvertible {
    public let database: String
    public let unknown: [String]

    public init(database: String, unknown: [String]) {
        self.database = database
        self.unknown = unknown
    }

    public var description: String {
        "\(database) was written by a newer mawid (schema \(unknown.joined(separator: ", ")) unknown to this one); "
            + "nothing was changed: run that version of mawid or a later one, or restore a backup this one made"
    }
}
