import ArgumentParser
import Foundation
import MawidBooking
import MawidStorage

/// `mawid db copy --from FILE --to postgres://…`: a practice's data into a new, empty database, all or nothing
/// (`DatabaseCopy`), then every table's row count and checksum on both sides.
struct DatabaseCopyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy a practice's data into a new, empty database (SQLite to PostgreSQL).",
        discussion: """
            Stop mawid serve first: what it writes during the copy would not be copied. Both databases are \
            migrated to this mawid's schema; --to must hold no data (createdb a new one). Every table is copied \
            in one transaction, ids and the secret of patients' links kept; then each table's rows and SHA-256 \
            are compared on both sides, and if one differs nothing is kept. Exits 1 unless every table matches. \
            Passwords are never printed, nor patients' data.
            """
    )

    @Option(help: "The database to copy: a SQLite file (it must exist), or postgres://user@host:5432/name.")
    var from: String

    @Option(help: "The empty database to fill: postgres://user@host:5432/name (password from PGPASSWORD or ~/.pgpass), or a SQLite file.")
    var to: String

    func run() async throws {
        let (fromAddress, toAddress) = try (parse(from, "--from"), parse(to, "--to"))
        guard fromAddress != toAddress else { throw ValidationError("--from and --to name the same database (\(toAddress))") }
        if case .sqlite(let path) = fromAddress {
            guard FileManager.default.fileExists(atPath: path) else { throw ValidationError("--from: no database at \(path)") }
            guard try !DatabaseLock.isInUse(database: path) else {
                throw ValidationError("--from: \(path) is open in another mawid (mawid serve?): stop it first, or what it writes would not be copied")
            }
        }
        // Left open until the process ends, as the other commands do (closing a PostgreSQL engine waits for
        // postgres-nio, which an event loop, where this runs, must not).
        let source = try DatabaseAddress.open(from, create: false)
        let target = try DatabaseAddress.open(to, create: true)
        print("mawid: copying \(fromAddress) to \(toAddress)")
        do {
            let report = try await DatabaseCopy(from: source, to: target, targetName: toAddress.description).run()
            print(Self.table(report))
            print("mawid: copied \(report.rows) rows in \(report.tables.count) tables; every table matches")
        } catch let differs as DatabaseCopy.Differs {
            print(Self.table(differs.report))
            FileHandle.standardError.write(Data("mawid: \(differs)\n".utf8))
            throw ExitCode(1)
        } catch let problem as DatabaseCopy.Problem {
            FileHandle.standardError.write(Data("mawid: \(problem)\n".utf8))
            throw ExitCode(1)
        }
    }

    private func parse(_ text: String, _ option: String) throws -> DatabaseAddress {
        do { return try DatabaseAddress.parse(text) } catch {
            throw ValidationError(error.description.replacingOccurrences(of: "--db", with: option))
        }
    }

    /// One line a table: rows and the start of the checksum on each side, and whether they match.
    static func table(_ report: CopyReport) -> String {
        func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
            let space = String(repeating: " ", count: max(0, width - text.count))
            return right ? space + text : text + space
        }
        var lines = [pad("table", 16) + pad("rows", 8, right: true) + "  " + pad("source sha-256", 14) + "  "
                     + pad("rows", 8, right: true) + "  " + pad("target sha-256", 14)]
        for table in report.tables {
            lines.append(pad(table.source.table, 16) + pad(String(table.source.rows), 8, right: true) + "  "
                         + pad(String(table.source.checksum.prefix(12)), 14) + "  " + pad(String(table.target.rows), 8, right: true)
                         + "  " + pad(String(table.target.checksum.prefix(12)), 14) + "  " + (table.matches ? "same" : "DIFFERS"))
        }
        return lines.joined(separator: "\n")
    }
}
