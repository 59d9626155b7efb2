import Foundation
import MawidStorage

extension PostgresEngine {
    /// Applies the PostgreSQL steps of `migrations` this database lacks, in one transaction that two servers
    /// starting together take in turn. Refuses, changing nothing, a database a newer mawid migrated
    /// (`NewerSchema`) and one that holds tables of something else.
    public func migrate(_ migrations: [SQLMigration], name: String) throws {
        try writeBlocking { db in
            try db.execute("SELECT pg_advisory_xact_lock(\(Self.migrationLock))")
            let tables = try db.values("""
                SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name
                """, as: String.self)
            if !tables.isEmpty, !tables.contains("mawid_migration") {
                throw PostgresDatabase.Problem(description: """
                    \(name) already holds tables of something else (\(tables.prefix(5).joined(separator: ", "))): \
                    give mawid an empty database of its own (createdb), nothing was changed
                    """)
            }
            try db.execute("CREATE TABLE IF NOT EXISTS mawid_migration (identifier text PRIMARY KEY, appliedAt text NOT NULL)")
            let applied = Set(try db.values("SELECT identifier FROM mawid_migration", as: String.self))
            let unknown = applied.subtracting(migrations.map(\.id)).sorted()
            guard unknown.isEmpty else { throw NewerSchema(database: name, unknown: unknown) }
            for migration in migrations where !applied.contains(migration.id) {
                for statement in migration.postgres {
                    do {
                        try db.execute(statement)
                    } catch {
                        let start = statement.split(separator: "\n").first.map(String.init) ?? ""
                        throw PostgresDatabase.Problem(description: "migration \(migration.id) failed at `\(start)…`: \(error)")
                    }
                }
                try db.execute("INSERT INTO mawid_migration (identifier, appliedAt) VALUES (?, ?)",
                               [migration.id, ISO8601DateFormatter().string(from: Date())])
            }
        }
    }

    /// The key of the advisory lock migrations hold ("mawid" in ASCII).
    static let migrationLock: Int64 = 0x6d_61_77_69_64
}
