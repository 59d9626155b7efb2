import Foundation
import MawidBooking
import MawidPostgres
import MawidStorage
import Synchronization

/// The engine a test run stores bookings in: SQLite, or PostgreSQL when `MAWID_TEST_ENGINE=postgres` (with the
/// throwaway cluster's address in `MAWID_TEST_POSTGRES`, as `make test` gives both for its second pass).
/// The storage tests open their databases here, so the same tests run on both engines.
public enum TestDatabases {
    public static var usesPostgres: Bool { ProcessInfo.processInfo.environment["MAWID_TEST_ENGINE"] == "postgres" }

    /// The test cluster's address, if `make test` started one.
    public static var cluster: DatabaseAddress.Postgres? {
        guard let text = ProcessInfo.processInfo.environment["MAWID_TEST_POSTGRES"],
              case .postgres(let address)? = try? DatabaseAddress.parse(text, environment: [:]) else { return nil }
        return address
    }

    /// PostgreSQL database names given to test paths, so a path opened twice is the same database.
    private static let names = Mutex<[String: String]>([:])

    /// The database at `path` (a SQLite file), or on PostgreSQL a database of the test cluster kept for that path.
    public static func open(path: String) throws -> AppDatabase {
        guard usesPostgres else { return try AppDatabase(path: path) }
        let name = try names.withLock { names in
            if let name = names[path] { return name }
            let name = try createDatabase()
            names[path] = name
            return name
        }
        return try postgres(name)
    }

    /// A new empty database: in memory on SQLite, a new database of the test cluster on PostgreSQL.
    public static func fresh() throws -> AppDatabase {
        guard usesPostgres else { return try AppDatabase.inMemory() }
        return try postgres(try createDatabase())
    }

    /// A migrated database of the cluster by name.
    public static func postgres(_ name: String) throws -> AppDatabase {
        guard var address = cluster else { throw DatabaseAddress.Problem(description: "MAWID_TEST_POSTGRES is not set") }
        address.database = name
        return try AppDatabase(postgres: PostgresEngine(address, lanes: 3), name: name)
    }

    /// A new empty database in the cluster; returns its name.
    public static func createDatabase() throws -> String {
        guard let address = cluster else { throw DatabaseAddress.Problem(description: "MAWID_TEST_POSTGRES is not set") }
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        let admin = PostgresEngine(address, lanes: 1)
        defer { try? admin.close() }
        try admin.withoutTransaction { db in try db.execute("CREATE DATABASE \(name)") }
        return name
    }
}
