import MawidStorage
import ArgumentParser
import Foundation
import MawidBooking
import MawidPostgres

/// `mawid db check --db ADDRESS`: whether Mawid can use that database, said in words (for a PostgreSQL
/// address: the server answers, the password is accepted, the database exists). `mawid db copy`: a practice's
/// data into a new database (`DatabaseCopyCommand`).
struct DatabaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Check a database address, or copy a practice's data into a new database.",
        discussion: """
            mawid db check --db ADDRESS says whether mawid can use that database.
            mawid db copy --from data/mawid.sqlite --to postgres://user@host/name moves a practice from SQLite \
            to PostgreSQL (stop mawid serve first).
            """,
        subcommands: [Check.self, DatabaseCopyCommand.self]
    )

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Connect to the database --db names and say whether it can be used.",
            discussion: """
                --db takes a SQLite file or postgres://user[:password]@host[:port]/database (the password may \
                come from PGPASSWORD or ~/.pgpass; it is never printed).
                """
        )

        @Option(help: "SQLite file or postgres://user@host:5432/name.")
        var db = "data/mawid.sqlite"

        func run() async throws {
            let address: DatabaseAddress
            do { address = try DatabaseAddress.parse(db) } catch { throw ValidationError(error.description) }
            switch address {
            case .sqlite(let path):
                guard FileManager.default.fileExists(atPath: path) else { throw ValidationError("no database at \(path)") }
                let store = try BookingStore(path: path)
                print("mawid: \(path): SQLite, \(try await store.countBookings()) bookings")
            case .postgres(let postgres):
                do {
                    let version = try await PostgresDatabase(postgres).serverVersion()
                    let store = BookingStore(database: try DatabaseAddress.open(db, create: false))
                    print("mawid: \(address): PostgreSQL \(version), schema up to date, \(try await store.countBookings()) bookings")
                } catch let problem as PostgresDatabase.Problem {
                    FileHandle.standardError.write(Data("mawid: \(problem)\n".utf8))
                    throw ExitCode(1)
                }
            }
        }
    }
}
