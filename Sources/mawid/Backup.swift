import ArgumentParser
import Foundation
import MawidBooking

/// `mawid backup`: a consistent copy of the database, taken while `mawid serve` runs on it.
struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup", abstract: "Copy the database into a folder of backups, while the server runs.",
        discussion: """
            Writes DIR/mawid-<UTC time>.sqlite (mode 0600; DIR is created with mode 0700), a whole copy checked \
            with PRAGMA integrity_check, and prints it with its size, its bookings and the time it took. \
            It holds patient data: encrypt it before it leaves the machine. Hourly from cron: \
            0 * * * * mawid backup --db /srv/mawid/data/mawid.sqlite --to /srv/mawid/backups --keep 48
            """)

    @OptionGroup var database: DatabaseOptions
    @Option(name: .customLong("to"), help: ArgumentHelp("Folder of backups.", valueName: "dir"))
    var folder: String
    @Option(help: ArgumentHelp("Then keep only the newest N backups of the folder (files named mawid-<time>.sqlite; "
                               + "nothing else is touched).", valueName: "n"))
    var keep: Int?

    func validate() throws {
        if let keep, keep < 1 { throw ValidationError("--keep is at least 1 (the backup just written)") }
    }

    func run() throws {
        let clock = ContinuousClock()
        let start = clock.now
        let backups = DatabaseBackup(folder: folder)
        let written = try exitingOnFailure { try backups.write(database: database.sqlitePath) }
        let removed = try keep.map { keep in try exitingOnFailure { try backups.prune(keep: keep) } } ?? []
        let seconds = (clock.now - start) / .seconds(1)
        let bookings = "\(written.bookings) booking\(written.bookings == 1 ? "" : "s")"
        print("mawid: backup \(written.path) (\(Self.size(written.bytes)), \(bookings)) in "
              + String(format: "%.2f s", seconds)
              + (removed.isEmpty ? "" : "; \(removed.count) older backup\(removed.count == 1 ? "" : "s") removed"))
    }

    /// 12 KB, 3.4 MB, 1.2 GB (powers of 1,000).
    static func size(_ bytes: Int64) -> String {
        let value = Double(bytes)
        if value < 1e6 { return "\(Int((value / 1e3).rounded(.up))) KB" }
        if value < 1e9 { return String(format: "%.1f MB", value / 1e6) }
        return String(format: "%.1f GB", value / 1e9)
    }
}
