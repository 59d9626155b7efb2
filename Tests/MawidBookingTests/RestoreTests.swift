import Foundation
import GRDB
import Testing
@testable import MawidBooking

/// `mawid restore`: what it refuses (leaving everything as it was), and what it keeps.
@Suite struct RestoreTests {
    let now = instant("2025-03-18T06:00:00Z")

    /// A database at `folder/data/mawid.sqlite` with `count` bookings, closed, and a backup of it.
    struct Setup {
        let database: String
        let backup: String
        let created: [CreatedBooking]
    }

    func setUp(_ folder: TempFolder, count: Int = 3) async throws -> Setup {
        let database = folder.path("data/mawid.sqlite")
        let store = try BookingStore(path: database)
        var created: [CreatedBooking] = []
        for n in 0..<count { created.append(try await store.create(distinctSlot(n), now: now)) }
        try store.database.close()
        let backup = try DatabaseBackup(folder: folder.path("backups")).write(database: database, now: now)
        return Setup(database: database, backup: backup.path, created: created)
    }

    /// Adds a booking to the database file and closes it.
    func addBooking(_ n: Int, to database: String, now: Date) async throws -> CreatedBooking {
        let store = try BookingStore(path: database)
        let created = try await store.create(distinctSlot(n), now: now)
        try store.database.close()
        return created
    }

    @Test func refusesADatabaseInUseUntilItIsClosed() async throws {
        let folder = TempFolder()
        defer { folder.cleanup() }
        let setup = try await setUp(folder)
        let running = try BookingStore(path: setup.database)  // as `mawid serve` holds it
        let added = try await running.create(distinctSlot(10), now: now)

        let restore = DatabaseRestore(backup: setup.backup, database: setup.database, force: true)
        #expect(throws: BackupError.databaseInUse(database: setup.database)) { try restore.run() }
        #expect(try await running.booking(token: added.token) != nil)
        #expect(try await running.countBookings() == 4)

        try running.database.close()
        let restored = try restore.run()
        #expect(restored.bookings == 3)
        #expect(try count(bookingsIn: setup.database) == 3)
    }

    @Test func refusesADatabaseWithNewBookingsAndSaysWhatForceWouldLose() async throws {
        let folder = TempFolder()
        defer { folder.cleanup() }
        let setup = try await setUp(folder)
        // Written in the same second as the backup's last booking: told apart by its id.
        let added = try await addBooking(10, to: setup.database, now: now)

        let error = #expect(throws: BackupError.self) {
            try DatabaseRestore(backup: setup.backup, database: setup.database).run()
        }
        guard case .newerDatabase(_, let changes, _, _)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(changes.contains("1 booking created or changed"))
        #expect(error?.description.contains("--force") == true)
        #expect(try count(bookingsIn: setup.database) == 4)

        let restored = try DatabaseRestore(backup: setup.backup, database: setup.database, force: true).run(now: now)
        #expect(restored.bookings == 3)
        #expect(try count(bookingsIn: setup.database) == 3)
        // The replaced database, with the booking the backup lacks, is kept beside it.
        let kept = try #require(restored.keptAs)
        #expect(kept == setup.database + ".before-restore-20250318T060000Z")
        let keptStore = try BookingStore(path: kept)
        #expect(try await keptStore.booking(token: added.token)?.reference == added.reference)
    }

    @Test func refusesADatabaseChangedAfterTheBackup() async throws {
        let folder = TempFolder()
        defer { folder.cleanup() }
        let setup = try await setUp(folder)
        let store = try BookingStore(path: setup.database)
        try await store.setStatus(.confirmed, reference: setup.created[0].reference, now: now.addingTimeInterval(60))
        try store.database.close()

        let error = #expect(throws: BackupError.self) {
            try DatabaseRestore(backup: setup.backup, database: setup.database).run()
        }
        guard case .newerDatabase(_, let changes, let latest, let backupLatest)? = error else {
            Issue.record("got \(String(describing: error))"); return
        }
        #expect(changes == ["1 booking created or changed"])
        #expect(latest == "2025-03-18T06:01:00Z")
        #expect(backupLatest == "2025-03-18T06:00:00Z")
    }

    @Test func replacesAnUnchangedDatabaseAndKeepsIt() async throws {
        let folder = TempFolder()
        defer { folder.cleanup() }
        let setup = try await setUp(folder)
        // Stale companions of the old file must not meet the restored one.
        try Data("stale".utf8).write(to: URL(fileURLWithPath: setup.database + "-shm"))

        let restored = try DatabaseRestore(backup: setup.backup, database: setup.database).run(now: now)
        let kept = try #require(restored.keptAs)
        #expect(try count(bookingsIn: kept) == 3)
        #expect(try mode(setup.database) == 0o600)
        #expect(!FileManager.default.fileExists(atPath: setup.database + "-wal"))
        #expect(!FileManager.default.fileExists(atPath: setup.database + "-shm"))
        // A second restore in the same second keeps the first kept file too.
        let again = try DatabaseRestore(backup: setup.backup, database: setup.database).run(now: now)
        #expect(again.keptAs == kept + "-2")
        #expect(FileManager.default.fileExists(atPath: kept))
        // Nothing left over beside the database.
        let files = Set(try FileManager.default.contentsOfDirectory(atPath: folder.path("data")))
        #expect(files == ["mawid.sqlite", "mawid.sqlite-lock", "mawid.sqlite.before-restore-20250318T060000Z",
                          "mawid.sqlite.before-restore-20250318T060000Z-2"])
        let store = try BookingStore(path: setup.database)
        for booking in setup.created {
            #expect(try await store.booking(token: booking.token)?.reference == booking.reference)
        }
        _ = try await store.create(distinctSlot(20), now: now)
        #expect(try await store.countBookings() == 4)
    }

    @Test func restoresOntoAMissingFile() async throws {
        let folder = TempFolder()
        defer { folder.cleanup() }
        let setup = try await setUp(folder)
        let target = folder.path("new-machine/data/mawid.sqlite")

        let restored = try DatabaseRestore(backup: setup.backup, database: target).run()
        #expect(restored.keptAs == nil)
        #expect(try mode(target) == 0o600)
        #expect(try integrityCheck(target) == ["ok"])
        let store = try BookingStore(path: target)
        for booking in setup.created {
            #expect(try await store.booking(token: booking.token)?.reference == booking.reference)
        }
    }

    @Test func refusesADamagedBackup() async throws {
        let folder = TempFolder()
        defer { folder.cleanup() }
        let setup = try await setUp(folder)
        let added = try await addBooking(10, to: setup.database, now: now)
        // Damage that reading the bookings would not notice: only PRAGMA integrity_check does.
        try await damageIndex(of: "auditEvent", in: setup.backup)

        let error = #expect(throws: BackupError.self) {
            try DatabaseRestore(backup: setup.backup, database: setup.database, force: true).run()
        }
        guard case .damagedBackup(let path, _)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(path == setup.backup)
        // The database is untouched, and nothing is left beside it.
        #expect(try count(bookingsIn: setup.database) == 4)
        #expect(try await BookingStore(path: setup.database).booking(token: added.token) != nil)
        let files = Set(try FileManager.default.contentsOfDirectory(atPath: folder.path("data")))
        #expect(files.allSatisfy { !$0.contains("restore") })
    }

    @Test func refusesWhatIsNotAMawidBackup() async throws {
        let folder = TempFolder()
        defer { folder.cleanup() }
        let setup = try await setUp(folder)
        let text = folder.path("notes.txt")
        try Data(repeating: 0x41, count: 8192).write(to: URL(fileURLWithPath: text))
        let other = folder.path("other.sqlite")
        try await DatabaseQueue(path: other).write { try $0.execute(sql: "CREATE TABLE t (x)") }

        for backup in [text, other] {
            let error = #expect(throws: BackupError.self) {
                try DatabaseRestore(backup: backup, database: setup.database, force: true).run()
            }
            guard case .notMawidDatabase(let path, _)? = error else { Issue.record("got \(String(describing: error))"); continue }
            #expect(path == backup)
        }
        #expect(throws: BackupError.missingBackup(folder.path("none.sqlite"))) {
            try DatabaseRestore(backup: folder.path("none.sqlite"), database: setup.database).run()
        }
        #expect(try count(bookingsIn: setup.database) == 3)
    }

    @Test func refusesABackupOfANewerSchema() async throws {
        let folder = TempFolder()
        defer { folder.cleanup() }
        let setup = try await setUp(folder)
        try await DatabaseQueue(path: setup.backup).write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99')")
        }
        let target = folder.path("new/mawid.sqlite")
        #expect(throws: BackupError.newerSchema(setup.backup, unknown: ["v99"])) {
            try DatabaseRestore(backup: setup.backup, database: target).run()
        }
        #expect(!FileManager.default.fileExists(atPath: target))
    }

    /// While a restore holds the database, other mawid commands wait, then stop with a clear message.
    @Test func aRestoreInProgressKeepsOthersOut() throws {
        let folder = TempFolder()
        defer { folder.cleanup() }
        let database = folder.path("mawid.sqlite")
        try FileManager.default.createDirectory(at: folder.url, withIntermediateDirectories: true)
        let restoring = try #require(try DatabaseLock.exclusive(database: database))
        #expect(throws: BackupError.beingRestored(database: database)) {
            try DatabaseLock.shared(database: database, wait: .milliseconds(100))
        }
        #expect(try DatabaseLock.exclusive(database: database) == nil)
        restoring.release()
        let shared = try DatabaseLock.shared(database: database, wait: .zero)
        let another = try DatabaseLock.shared(database: database, wait: .zero)
        #expect(try DatabaseLock.exclusive(database: database) == nil)
        shared.release()
        another.release()
        #expect(try DatabaseLock.exclusive(database: database) != nil)
    }

    @Test func refusesToBackUpADamagedDatabase() async throws {
        let folder = TempFolder()
        defer { folder.cleanup() }
        let setup = try await setUp(folder)
        try await damageIndex(of: "auditEvent", in: setup.database)

        let error = #expect(throws: BackupError.self) {
            try DatabaseBackup(folder: folder.path("backups")).write(database: setup.database, now: now.addingTimeInterval(60))
        }
        guard case .damagedCopy(let database, let problems)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(database == setup.database)
        #expect(!problems.isEmpty)
        // Only the earlier, good backup is in the folder.
        #expect(try DatabaseBackup(folder: folder.path("backups")).list().map(\.fileName) == ["mawid-20250318T060000Z.sqlite"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path("backups")) == ["mawid-20250318T060000Z.sqlite"])
    }
}

/// Writes garbage over the first page of an index of `table` in a closed database file.
func damageIndex(of table: String, in path: String) async throws {
    let (page, pageSize) = try await DatabaseQueue(path: path).read { db in
        (try Int.fetchOne(db, sql: "SELECT rootpage FROM sqlite_master WHERE type = 'index' AND tbl_name = ?", arguments: [table])!,
         try Int.fetchOne(db, sql: "PRAGMA page_size")!)
    }
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    try handle.seek(toOffset: UInt64((page - 1) * pageSize))
    try handle.write(contentsOf: Data(repeating: 0xA5, count: pageSize))
    try handle.close()
}
