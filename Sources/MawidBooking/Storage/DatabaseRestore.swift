import Foundation
import GRDB

/// Puts a backup in the place of the booking database, refusing whatever would lose data or break mawid: a
/// database in use (`DatabaseLock`), one holding changes the backup lacks (`DatabaseActivity`; unless `force`),
/// a backup that fails `PRAGMA integrity_check`, or one written by a newer mawid (migrations this one does not
/// know). A missing database is fine: restoring onto a new machine.
///
/// The backup is copied beside the database, checked there and synced, then renamed into place in one step:
/// at any moment the database's name holds either the old file or the whole new one. The replaced database
/// stays as `<database>.before-restore-<time>` (its last changes checkpointed into it first), so a mistaken
/// restore is undone by restoring that file; stale `-wal` and `-shm` files never meet the restored one.
public struct DatabaseRestore: Sendable {
    public let backup: String
    public let database: String
    /// Replace a database that holds changes the backup lacks (or cannot be read).
    public var force: Bool

    public init(backup: String, database: String, force: Bool = false) {
        self.backup = backup
        self.database = database
        self.force = force
    }

    public struct Restored: Sendable {
        /// Rows of `booking` in the restored database.
        public let bookings: Int
        /// Where the replaced database was kept; nil when there was none.
        public let keptAs: String?
    }

    /// What was read from the checked copy of the backup.
    private struct Checked {
        let activity: DatabaseActivity
        let bookings: Int
    }

    /// Restores, with `now` naming the kept file.
    /// - Throws: `BackupError` for every refusal, each leaving the database as it was.
    public func run(now: Date = Date()) throws -> Restored {
        guard PrivateFile.exists(backup) else { throw BackupError.missingBackup(backup) }
        guard PrivateFile.size(backup + "-wal") == 0 else { throw BackupError.liveBackup(backup) }
        try writing { try PrivateFile.createFolder(PrivateFile.folder(of: database)) }
        guard let lock = try writing({ try DatabaseLock.exclusive(database: database) }) else {
            throw BackupError.databaseInUse(database: database)
        }
        defer { lock.release() }

        let temporary = database + ".restore-\(getpid())-\(UUID().uuidString.prefix(8)).tmp"
        var placed = false
        defer { if !placed { for suffix in ["", "-journal", "-wal", "-shm"] { try? PrivateFile.remove(temporary + suffix) } } }
        do {
            try PrivateFile.copy(backup, to: temporary)
        } catch let error as FileError where error.path != backup {
            throw BackupError.unwritableTarget(database: database, reason: error.description)
        }
        let checked = try check(temporary)
        if PrivateFile.exists(database) { try compare(with: checked.activity) }

        let kept = try keep(now: now)
        try writing { try PrivateFile.rename(temporary, to: database) }
        placed = true
        try writing { try PrivateFile.syncFolder(of: database) }
        return Restored(bookings: checked.bookings, keptAs: kept)
    }

    /// Checks the copy of the backup: sound, a mawid database, not newer than this mawid.
    private func check(_ copy: String) throws -> Checked {
        do {
            let queue = try DatabaseQueue(path: copy, configuration: AppDatabase.makeConfiguration())
            defer { try? queue.close() }
            return try queue.read { db in
                let problems = try IntegrityCheck.problems(db)
                guard problems.isEmpty else { throw BackupError.damagedBackup(backup, problems: problems) }
                let applied = try Schema.migrator.appliedIdentifiers(db)
                guard !applied.isEmpty else { throw BackupError.notMawidDatabase(backup, reason: "no schema migrations recorded") }
                let unknown = applied.subtracting(Schema.migrator.migrations)
                guard unknown.isEmpty else { throw BackupError.newerSchema(backup, unknown: unknown.sorted()) }
                let bookings = try db.tableExists("booking") ? Int.fetchOne(db, sql: "SELECT COUNT(*) FROM booking") ?? 0 : 0
                return Checked(activity: try DatabaseActivity.read(db), bookings: bookings)
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw BackupError.notMawidDatabase(backup, reason: "not an SQLite database")
        } catch let error as DatabaseError {
            // Damaged beyond what integrity_check can list.
            throw BackupError.damagedBackup(backup, problems: [DatabaseBackup.reason(error)])
        }
    }

    /// Refuses (unless `force`) to replace a database that holds changes the backup lacks, then checkpoints it, so
    /// the file kept aside holds all of it.
    private func compare(with backupActivity: DatabaseActivity) throws {
        do {
            let queue = try DatabaseQueue(path: database, configuration: AppDatabase.makeConfiguration())
            defer { try? queue.close() }
            try queue.writeWithoutTransaction { db in
                let changes = try DatabaseActivity.changes(in: db, since: backupActivity)
                if !changes.isEmpty && !force {
                    throw BackupError.newerDatabase(database: database, changes: changes,
                                                    latest: try DatabaseActivity.read(db).latest,
                                                    backupLatest: backupActivity.latest)
                }
                if try String.fetchOne(db, sql: "PRAGMA journal_mode") == "wal" { try db.checkpoint(.truncate) }
            }
        } catch let error as DatabaseError {
            if !force { throw BackupError.unreadableTarget(database: database, reason: DatabaseBackup.reason(error)) }
        }
    }

    /// Keeps the database being replaced as `<database>.before-restore-<time>`, with its `-wal` (and a rollback
    /// journal) if any, and removes its `-shm`; returns the kept name, or nil when there was no database.
    private func keep(now: Date) throws -> String? {
        let companions = ["-wal", "-journal"].filter { PrivateFile.exists(database + $0) }
        let exists = PrivateFile.exists(database)
        guard exists || !companions.isEmpty else {
            try PrivateFile.remove(database + "-shm")
            return nil
        }
        var kept = database + ".before-restore-" + BackupName.compact(now)
        var sequence = 1
        while PrivateFile.exists(kept) || companions.contains(where: { PrivateFile.exists(kept + $0) }) {
            sequence += 1
            kept = database + ".before-restore-" + BackupName.compact(now) + "-\(sequence)"
        }
        // The log first: until the new file is in place, the old one keeps its name (a hard link keeps it under
        // both), so a crash in between leaves the old database, never none.
        for suffix in companions { try writing { try PrivateFile.rename(database + suffix, to: kept + suffix) } }
        try writing { try PrivateFile.remove(database + "-shm") }
        if exists && link(database, kept) != 0 {
            try writing { try PrivateFile.rename(database, to: kept) }
        }
        return exists ? kept : nil
    }

    /// Runs a file operation beside the database, turning a failure into a message that says what to do.
    private func writing<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as FileError {
            throw BackupError.unwritableTarget(database: database, reason: error.description)
        }
    }
}
