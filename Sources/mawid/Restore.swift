import ArgumentParser
import Foundation
import MawidBooking

/// `mawid restore`: a backup back in the place of the database, with the server stopped.
struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore", abstract: "Put a backup in the place of the database (stop the server first).",
        discussion: """
            Refuses a database in use (a running mawid serve or another mawid command), one holding changes made \
            after the backup (unless --force), and a backup that is damaged or written by a newer mawid. The \
            replaced database is kept as FILE.before-restore-<UTC time>: restore that file to undo. A missing \
            FILE is fine (a new machine).
            """)

    @Option(name: .customLong("from"), help: ArgumentHelp("A backup written by `mawid backup`.", valueName: "backup"))
    var backup: String
    @OptionGroup var database: DatabaseOptions
    @Flag(help: "Replace the database even if it holds changes made after the backup (or cannot be read).")
    var force = false

    func run() throws {
        let restore = DatabaseRestore(backup: backup, database: try database.sqlitePath, force: force)
        let restored = try exitingOnFailure { try restore.run() }
        let bookings = "\(restored.bookings) booking\(restored.bookings == 1 ? "" : "s")"
        print("mawid: restored \(database.db) from \(backup) (\(bookings)); "
              + (restored.keptAs.map { "the replaced database is kept as \($0)" } ?? "there was no database before"))
    }
}
