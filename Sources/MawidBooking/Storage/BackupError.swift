import Foundation

/// Why a backup or a restore was not made: each names the file and says what to do. None holds patient data.
public enum BackupError: Error, CustomStringConvertible, Sendable, Equatable {
    // Backup
    case missingDatabase(String)
    case unreadableDatabase(String, reason: String)
    case unwritableFolder(String, reason: String)
    /// The copy failed `PRAGMA integrity_check`: the first problems SQLite listed.
    case damagedCopy(database: String, problems: [String])
    /// A restore holds the database's lock (`DatabaseLock`).
    case beingRestored(database: String)

    // Restore
    case missingBackup(String)
    /// A `-wal` file lies beside the backup: a live database, not a file `mawid backup` wrote.
    case liveBackup(String)
    case damagedBackup(String, problems: [String])
    case notMawidDatabase(String, reason: String)
    /// Migrations this mawid does not know.
    case newerSchema(String, unknown: [String])
    case databaseInUse(database: String)
    /// The database to replace holds changes the backup lacks (`DatabaseActivity.changes`).
    case newerDatabase(database: String, changes: [String], latest: String?, backupLatest: String?)
    case unreadableTarget(database: String, reason: String)
    case unwritableTarget(database: String, reason: String)

    public var description: String {
        switch self {
        case .missingDatabase(let path):
            return "no database at \(path): give --db the file `mawid serve` uses (its --db, default data/mawid.sqlite)"
        case .unreadableDatabase(let path, let reason):
            return "cannot read the database \(path): \(reason); check that --db names the file of `mawid serve`"
        case .unwritableFolder(let path, let reason):
            return "cannot write a backup into \(path): \(reason); give --to a folder this user can write, "
                + "or fix its owner and permissions (chown, chmod u+rwx)"
        case .damagedCopy(let database, let problems):
            return "the copy of \(database) fails PRAGMA integrity_check (\(problems.joined(separator: "; "))); no backup "
                + "was kept. The database itself may be damaged: stop the server, check it with "
                + "sqlite3 \(database) 'PRAGMA integrity_check', and restore the last good backup"
        case .beingRestored(let database):
            return "\(database) is being restored (`mawid restore` holds \(DatabaseLock.path(for: database))); "
                + "run this again when it has finished"
        case .missingBackup(let path):
            return "no backup at \(path): give --from a file written by `mawid backup` (mawid-<time>.sqlite)"
        case .liveBackup(let path):
            return "\(path) has a write-ahead log beside it (\(path)-wal): it is a live database, not a file written by "
                + "`mawid backup`, and copying it alone would lose its latest changes; make a backup of it first: "
                + "mawid backup --db \(path) --to DIR"
        case .damagedBackup(let path, let problems):
            return "\(path) is damaged (PRAGMA integrity_check: \(problems.joined(separator: "; "))); nothing was "
                + "changed: restore an earlier backup"
        case .notMawidDatabase(let path, let reason):
            return "\(path) is not a mawid database (\(reason)); nothing was changed: "
                + "give --from a file written by `mawid backup`"
        case .newerSchema(let path, let unknown):
            return "\(path) was written by a newer mawid (schema \(unknown.joined(separator: ", ")) unknown to this one); "
                + "nothing was changed: restore it with that version of mawid or a later one"
        case .databaseInUse(let database):
            return "\(database) is in use: a running `mawid serve` or another mawid command holds "
                + "\(DatabaseLock.path(for: database)); nothing was changed. Stop the server (Ctrl-C, or "
                + "systemctl stop mawid), then run mawid restore again"
        case .newerDatabase(let database, let changes, let latest, let backupLatest):
            return "\(database) holds changes made after this backup (its latest change at \(latest ?? "an unknown time"), "
                + (backupLatest.map { "the backup's at \($0)" } ?? "the backup holds none") + "): "
                + changes.joined(separator: ", ") + "; nothing was changed. --force "
                + "replaces it anyway (it is kept as \(database).before-restore-<time>, but those changes would not be "
                + "in the restored database); to keep them, restore nothing, or back it up first "
                + "(mawid backup --db \(database) --to DIR)"
        case .unreadableTarget(let database, let reason):
            return "cannot read \(database) to compare it with the backup (\(reason)); nothing was changed. If it is "
                + "damaged, --force replaces it (it is kept as \(database).before-restore-<time>)"
        case .unwritableTarget(let database, let reason):
            return "\(reason); nothing was changed: mawid restore writes the new database beside \(database) "
                + "(and keeps the old one there), so run it as the user of `mawid serve`, or fix the folder's permissions"
        }
    }
}
