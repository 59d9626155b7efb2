import GRDB

/// SQLite through GRDB as an `SQLDatabase`: reads and writes as GRDB runs them (one writer; a pool's readers
/// alongside it, each on a snapshot).
public struct SQLiteDatabase: SQLDatabase {
    public let dbWriter: any DatabaseWriter

    public init(_ dbWriter: any DatabaseWriter) { self.dbWriter = dbWriter }

    public var dialect: SQLDialect { .sqlite }

    public func read<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        try await dbWriter.read { db in try body(SQLiteConnection(db)) }
    }

    @discardableResult

    public func write<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        try await dbWriter.write { db in try body(SQLiteConnection(db)) }
    }

    public func readBlocking<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
        try dbWriter.read { db in try body(SQLiteConnection(db)) }
    }

    @discardableResult

    public func writeBlocking<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
        try dbWriter.write { db in try body(SQLiteConnection(db)) }
    }

    public func close() throws { try dbWriter.close() }
}

extension SQLiteDatabase {
    /// The SQLite steps of `migrations` as GRDB migrations, in order.
    public static func migrator(_ migrations: [SQLMigration]) -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for migration in migrations {
            migrator.registerMigration(migration.id, foreignKeyChecks: migration.deferForeignKeys ? .deferred : .immediate,
                                       migrate: migration.sqlite)
        }
        return migrator
    }

    /// Applies the steps of `migrations` this database lacks; refuses one a newer mawid migrated (`NewerSchema`,
    /// `name` naming the database), changing nothing.
    public func migrate(_ migrations: [SQLMigration], name: String) throws {
        let migrator = Self.migrator(migrations)
        let unknown = try dbWriter.read { db in
            try migrator.appliedIdentifiers(db).subtracting(migrator.migrations).sorted()
        }
        guard unknown.isEmpty else { throw NewerSchema(database: name, unknown: unknown) }
        try migrator.migrate(dbWriter)
    }
}
