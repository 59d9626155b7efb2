import MawidStorage
import ArgumentParser
import Foundation
import MawidBooking

/// `--db FILE`, shared by `mawid account`, `outbox`, `backup` and `restore`.
struct DatabaseOptions: ParsableArguments {
    @Option(help: "SQLite database file.")
    var db = "data/mawid.sqlite"

    /// Opens the database. Only `create: true` (`mawid account add`, which comes before the first
    /// `mawid serve` on a new machine) may create it; otherwise a missing file is an error naming the path,
    /// not a new empty database.
    func open(create: Bool = false) throws -> AppDatabase {
        _ = try DatabaseAddress.sqlitePath(db)
        guard create || FileManager.default.fileExists(atPath: db) else {
            throw ValidationError("no database at \(db) (give --db FILE; `mawid serve` or `mawid account add` creates it)")
        }
        return try AppDatabase(path: db)
    }
}
