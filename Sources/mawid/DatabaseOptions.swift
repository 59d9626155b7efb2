import ArgumentParser
import Foundation
import MawidBooking
import MawidPostgres
import MawidStorage

/// `--db FILE|postgres://…`, shared by `mawid account`, `outbox`, `backup` and `restore`.
struct DatabaseOptions: ParsableArguments {
    @Option(help: "SQLite database file, or postgres://user@host:5432/name (password from PGPASSWORD or ~/.pgpass).")
    var db = "data/mawid.sqlite"

    /// Opens the database. On SQLite only `create: true` (`mawid account add`, which comes before the first
    /// `mawid serve` on a new machine) may create the file; otherwise a missing file is an error naming the
    /// path, not a new empty database. A PostgreSQL database must exist (`createdb`); it is migrated.
    func open(create: Bool = false) throws -> AppDatabase {
        try DatabaseAddress.open(db, create: create)
    }

    /// The SQLite file of a command that works on files (`backup`, `restore`).
    var sqlitePath: String {
        get throws { try DatabaseAddress.sqlitePath(db, for: "this command copies SQLite files: on PostgreSQL use pg_dump and pg_restore") }
    }
}

extension DatabaseAddress {
    /// What `--db` names, opened and migrated: a SQLite file (created only when `create`), or a PostgreSQL
    /// database through `PostgresEngine`. Errors say what is wrong in words, never with the password.
    static func open(_ text: String, create: Bool) throws -> AppDatabase {
        let address: DatabaseAddress
        do { address = try DatabaseAddress.parse(text) } catch { throw ValidationError(error.description) }
        switch address {
        case .sqlite(let path):
            guard create || FileManager.default.fileExists(atPath: path) else {
                throw ValidationError("no database at \(path) (give --db FILE; `mawid serve` or `mawid account add` creates it)")
            }
            return try AppDatabase(path: path)
        case .postgres(let postgres):
            // A refused password, a missing database, a server that does not answer: said in words (`Problem`).
            return try AppDatabase(postgres: PostgresEngine(postgres), name: address.description)
        }
    }

    /// The SQLite file of a `--db` that must be one; a PostgreSQL address is refused, saying `why`.
    static func sqlitePath(_ text: String, for why: String) throws -> String {
        let address: DatabaseAddress
        do { address = try DatabaseAddress.parse(text) } catch { throw ValidationError(error.description) }
        guard case .sqlite(let path) = address else { throw ValidationError("--db \(address): \(why)") }
        return path
    }
}
