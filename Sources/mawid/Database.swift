import MawidStorage
import ArgumentParser
import Foundation
import MawidBooking
import MawidPostgres

/// `mawid db check --db ADDRESS`: whether Mawid can use that database, said in words (for a PostgreSQL
/// address: the server answers, the password is accepted, the database exists).
struct DatabaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Check a database address.",
        subcommands: [Check.self]
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
                    print("mawid: \(address): PostgreSQL \(version) answers; Mawid keeps its bookings in SQLite for now (PostgreSQL storage is being built)")
                } catch let problem as PostgresDatabase.Problem {
                    FileHandle.standardError.write(Data("mawid: \(problem)\n".utf8))
                    throw ExitCode(1)
                }
            }
        }
    }
}

extension DatabaseAddress {
    /// The SQLite file of a `--db` that must be one: a PostgreSQL address is refused in words until the
    /// PostgreSQL storage exists (`mawid db check` tests one).
    static func sqlitePath(_ text: String) throws -> String {
        let address: DatabaseAddress
        do { address = try DatabaseAddress.parse(text) } catch { throw ValidationError(error.description) }
        guard case .sqlite(let path) = address else {
            throw ValidationError("--db \(address): PostgreSQL is not supported for this command yet (bookings are kept in SQLite); `mawid db check --db …` tests the address")
        }
        return path
    }
}
