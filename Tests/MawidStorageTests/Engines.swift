import Foundation
import MawidBooking
import MawidPostgres
import MawidStorage
import MawidTestSupport
import Testing

/// The engines the storage tests run on: SQLite always; PostgreSQL when `make test` started its throwaway
/// cluster (`scripts/pg-throwaway`, address in MAWID_TEST_POSTGRES).
enum Engine: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres

    var testDescription: String { rawValue }

    /// SQLite, and PostgreSQL if there is a test cluster.
    static let available: [Engine] = testCluster == nil ? [.sqlite] : [.sqlite, .postgres]

    /// The test cluster's address (`TestDatabases.cluster`), if there is one.
    static var testCluster: DatabaseAddress.Postgres? { TestDatabases.cluster }

    /// A new empty, migrated database of this engine (on PostgreSQL, a database of its own in the test cluster).
    func fresh() throws -> AppDatabase {
        switch self {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mawid-storage-\(UUID().uuidString)")
            return try AppDatabase(path: folder.appendingPathComponent("mawid.sqlite").path)
        case .postgres:
            let address = try Self.freshPostgres()
            return try AppDatabase(postgres: PostgresEngine(address, lanes: 4), name: address.database)
        }
    }

    /// A new empty database in the test cluster, by its address.
    static func freshPostgres() throws -> DatabaseAddress.Postgres {
        guard var address = testCluster else { throw DatabaseAddress.Problem(description: "no test cluster") }
        address.database = try TestDatabases.createDatabase()
        return address
    }
}
