import Foundation
import GRDB

/// Consistent copies of the booking database, taken while `mawid serve` runs on it, into a folder of backups
/// named by UTC time (`BackupName`: `mawid-20261203T183000Z.sqlite`).
///
/// SQLite's backup API copies the database from one read transaction: a snapshot of the last commit, which
/// writers go on adding to meanwhile (WAL), so every booking acknowledged before the backup began is in it.
/// The copy is written under a temporary name, checked with `PRAGMA integrity_check`, made a single
/// self-contained file (rollback journal, no `-wal`), synced, and only then given its name: a file with a
/// backup's name is always a whole, checked backup. Backups are owner-only (0600) and their folder 0700.
public struct DatabaseBackup: Sendable {
    /// The folder of backups.
    public let folder: String

    public init(folder: String) {
        self.folder = folder
    }

    /// A backup written.
    public struct Written: Sendable {
        public let path: String
        public let bytes: Int64
        /// Rows of `booking` in the backup.
        public let bookings: Int
    }

    /// Copies the database file at `database` into the folder, named after `now`.
    /// - Throws: `BackupError` (missing or unreadable database, folder not writable, a copy that fails the check).
    public func write(database: String, now: Date = Date()) throws -> Written {
        guard PrivateFile.exists(database) else { throw BackupError.missingDatabase(database) }
        let temporary = try createTemporaryFile()
        var kept = false
        defer { if !kept { removeTemporary(temporary) } }

        let bookings = try copy(database, into: temporary)
        try PrivateFile.makeOwnerOnly(temporary)
        try PrivateFile.sync(temporary)
        var name = BackupName(time: now)
        while try !PrivateFile.renameNoReplace(temporary, to: path(of: name)) {
            name = BackupName(time: now, sequence: name.sequence + 1)
        }
        kept = true
        let file = path(of: name)
        try PrivateFile.syncFolder(of: file)
        return Written(path: file, bytes: PrivateFile.size(file), bookings: bookings)
    }

    /// Our backups in the folder (files named as `BackupName` says; nothing else), oldest first.
    public func list() throws -> [BackupName] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder)
        } catch {
            throw BackupError.unwritableFolder(folder, reason: "cannot list it")
        }
        return names.compactMap(BackupName.init(fileName:)).filter { PrivateFile.exists(path(of: $0)) }.sorted()
    }

    /// Deletes our oldest backups beyond the newest `keep`; returns the paths deleted. Other files are never touched.
    public func prune(keep: Int) throws -> [String] {
        let backups = try list()
        let removed = backups.dropLast(max(keep, 0)).map(path(of:))
        for path in removed {
            do { try PrivateFile.remove(path) } catch let error as FileError {
                throw folderProblem(error)
            }
        }
        return removed
    }

    /// The path of the backup named `name` in the folder.
    public func path(of name: BackupName) -> String {
        (folder as NSString).appendingPathComponent(name.fileName)
    }

    /// Copies `database` into the empty file `temporary` with SQLite's backup API and checks the copy; returns
    /// its number of bookings.
    private func copy(_ database: String, into temporary: String) throws -> Int {
        // Held while reading, so a restore cannot replace the database under the copy.
        let lock = try DatabaseLock.shared(database: database)
        defer { lock.release() }
        let source: DatabaseQueue
        let destination: DatabaseQueue
        do {
            source = try DatabaseQueue(path: database, configuration: AppDatabase.makeConfiguration())
        } catch {
            throw BackupError.unreadableDatabase(database, reason: Self.reason(error))
        }
        defer { try? source.close() }
        do {
            destination = try DatabaseQueue(path: temporary, configuration: AppDatabase.makeConfiguration())
        } catch {
            throw BackupError.unwritableFolder(folder, reason: Self.reason(error))
        }
        defer { try? destination.close() }
        do {
            try source.backup(to: destination)
        } catch let error as DatabaseError where [ResultCode.SQLITE_NOTADB, .SQLITE_CORRUPT, .SQLITE_CANTOPEN].contains(error.resultCode) {
            throw BackupError.unreadableDatabase(database, reason: Self.reason(error))
        } catch let error as DatabaseError where [ResultCode.SQLITE_FULL, .SQLITE_IOERR, .SQLITE_READONLY].contains(error.resultCode) {
            throw BackupError.unwritableFolder(folder, reason: Self.reason(error))
        }
        return try destination.writeWithoutTransaction { db in
            // The copy's header says WAL, as the source's: make it one file that needs no `-wal`.
            try db.execute(sql: "PRAGMA journal_mode = DELETE")
            let problems = try IntegrityCheck.problems(db)
            guard problems.isEmpty else { throw BackupError.damagedCopy(database: database, problems: problems) }
            return try db.tableExists("booking") ? Int.fetchOne(db, sql: "SELECT COUNT(*) FROM booking") ?? 0 : 0
        }
    }

    /// A new empty owner-only file in the folder (created, mode 0700, if missing), with a name no backup has.
    private func createTemporaryFile() throws -> String {
        do {
            try PrivateFile.createFolder(folder)
        } catch let error as FileError {
            throw folderProblem(error)
        }
        let path = (folder as NSString).appendingPathComponent(".mawid-backup-\(getpid())-\(UUID().uuidString.prefix(8)).tmp")
        do {
            try PrivateFile.create(path, new: true)
        } catch let error as FileError {
            // The folder's problem, whatever the file's name.
            throw folderProblem(FileError(path: folder, action: error.action, errno: error.errno))
        }
        return path
    }

    /// The folder cannot be written: the system's reason, and the file concerned when it is not the folder itself.
    private func folderProblem(_ error: FileError) -> BackupError {
        let reason = String(cString: strerror(error.errno))
        return .unwritableFolder(folder, reason: error.path == folder ? reason : "\(reason) (\(error.path))")
    }

    private func removeTemporary(_ path: String) {
        for suffix in ["", "-journal"] { try? PrivateFile.remove(path + suffix) }
    }

    /// SQLite's message for `error`, without the SQL (which holds no patient data, but means nothing to a user).
    static func reason(_ error: any Error) -> String {
        (error as? DatabaseError)?.message ?? "\(error)"
    }
}
