import Foundation
import GRDB
import Synchronization
import Testing
@testable import MawidBooking

/// `mawid backup`: a consistent copy while bookings keep coming, named by time, owner-only, rotated.
@Suite struct BackupTests {
    let now = instant("2025-03-18T06:00:00Z")

    /// Patients booking one after another on distinct slots, from several tasks, until stopped.
    final class Load: Sendable {
        let acknowledged = Mutex<[CreatedBooking]>([])
        let next = Atomic<Int>(0)
        let stopped = Atomic<Bool>(false)

        var count: Int { acknowledged.withLock { $0.count } }
    }

    @Test func backupDuringLoadRestoresEveryBookingAcknowledgedBeforeIt() async throws {
        let folder = TempFolder()
        defer { folder.cleanup() }
        let path = folder.path("data/mawid.sqlite")
        let store = try BookingStore(path: path)
        let load = Load()
        let patients = Task {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        while !load.stopped.load(ordering: .relaxed) {
                            let n = load.next.add(1, ordering: .relaxed).oldValue
                            let created = try await store.create(distinctSlot(n), now: now)
                            load.acknowledged.withLock { $0.append(created) }
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        try await waitUntil { load.count >= 300 }
        let acknowledgedBefore = load.acknowledged.withLock { $0 }
        let written = try await onThread {
            try DatabaseBackup(folder: folder.path("backups")).write(database: path)
        }
        // Bookings started after the backup ended are certainly not in it: the backup was taken mid-load.
        let countAfterBackup = load.count
        try await waitUntil { load.count >= countAfterBackup + 100 }
        load.stopped.store(true, ordering: .relaxed)
        try await patients.value
        let total = try await store.countBookings()
        #expect(written.bookings >= acknowledgedBefore.count)
        #expect(written.bookings < total, "the backup should have been taken during the load")

        let restoredPath = folder.path("elsewhere/mawid.sqlite")
        let restored = try DatabaseRestore(backup: written.path, database: restoredPath).run()
        #expect(restored.bookings == written.bookings)
        #expect(restored.keptAs == nil)
        #expect(try integrityCheck(restoredPath) == ["ok"])
        let reopened = try BookingStore(path: restoredPath)
        var missing = 0
        for booking in acknowledgedBefore where try await reopened.booking(token: booking.token)?.reference != booking.reference {
            missing += 1
        }
        #expect(missing == 0, "\(missing) of \(acknowledgedBefore.count) acknowledged bookings are not in the restored database")
        #expect(try await reopened.countBookings() == written.bookings)
    }

    @Test func backupsAreOwnerOnlySingleFilesAndNeverReplaceEachOther() async throws {
        let folder = TempFolder()
        defer { folder.cleanup() }
        let path = folder.path("mawid.sqlite")
        let store = try BookingStore(path: path)
        for n in 0..<3 { _ = try await store.create(distinctSlot(n), now: now) }
        let backups = DatabaseBackup(folder: folder.path("backups/hourly"))

        let first = try backups.write(database: path, now: now)
        _ = try await store.create(distinctSlot(3), now: now)
        let second = try backups.write(database: path, now: now.addingTimeInterval(0.5))  // the same second

        #expect(first.path == folder.path("backups/hourly/mawid-20250318T060000Z.sqlite"))
        #expect(second.path == folder.path("backups/hourly/mawid-20250318T060000Z-2.sqlite"))
        #expect(first.bookings == 3)
        #expect(second.bookings == 4)
        #expect(try count(bookingsIn: first.path) == 3)
        #expect(try count(bookingsIn: second.path) == 4)
        #expect(try mode(first.path) == 0o600)
        #expect(try mode(second.path) == 0o600)
        #expect(try mode(folder.path("backups/hourly")) == 0o700)
        #expect(first.bytes == Int64(try Data(contentsOf: URL(fileURLWithPath: first.path)).count))
        // Nothing else left in the folder (no temporary file, no -wal or -journal): each backup is one file
        // to copy, in rollback-journal mode.
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path("backups/hourly")).sorted()
        #expect(files == ["mawid-20250318T060000Z-2.sqlite", "mawid-20250318T060000Z.sqlite"])
        let journal = try await DatabaseQueue(path: first.path).read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
        #expect(journal == "delete")
    }

    @Test func keepRemovesOnlyTheOldestOfOurBackups() async throws {
        let folder = TempFolder()
        defer { folder.cleanup() }
        let path = folder.path("mawid.sqlite")
        _ = try await BookingStore(path: path).create(distinctSlot(0), now: now)
        let dir = folder.path("backups")
        let backups = DatabaseBackup(folder: dir)
        let times = [0.0, 3600, 7200, 7200].map { now.addingTimeInterval($0) }
        let written = try times.map { try backups.write(database: path, now: $0) }
        // Other people's files, some looking almost like ours; and one of ours, oldest by name, written last.
        let foreign = ["notes.txt", "mawid-20250318T060000Z.sqlite.bak", "mawid-latest.sqlite",
                       "other-20250101T000000Z.sqlite", "mawid-20250318T060000Z-1.sqlite", "mawid-20251318T060000Z.sqlite"]
        for name in foreign { try Data("keep me".utf8).write(to: URL(fileURLWithPath: dir + "/" + name)) }
        try FileManager.default.createDirectory(atPath: dir + "/mawid-20200101T000000Z-2.sqlite", withIntermediateDirectories: false)
        try Data("old".utf8).write(to: URL(fileURLWithPath: dir + "/mawid-20200101T000000Z.sqlite"))

        let removed = try backups.prune(keep: 2)

        #expect(Set(removed) == [dir + "/mawid-20200101T000000Z.sqlite", written[0].path, written[1].path])
        let left = Set(try FileManager.default.contentsOfDirectory(atPath: dir))
        #expect(left == Set(foreign + ["mawid-20200101T000000Z-2.sqlite", "mawid-20250318T080000Z.sqlite",
                                       "mawid-20250318T080000Z-2.sqlite"]))
        #expect(try backups.prune(keep: 2).isEmpty)
    }

    @Test func clearErrorsForAMissingDatabaseOrAFolderThatCannotBeWritten() async throws {
        let folder = TempFolder()
        defer { folder.cleanup() }
        let missing = folder.path("nowhere/mawid.sqlite")
        #expect(throws: BackupError.missingDatabase(missing)) {
            try DatabaseBackup(folder: folder.path("backups")).write(database: missing)
        }
        #expect(!FileManager.default.fileExists(atPath: folder.path("backups")))

        let path = folder.path("mawid.sqlite")
        _ = try await BookingStore(path: path).create(distinctSlot(0), now: now)
        // A file where the folder should be (as root, permissions cannot make a folder unwritable).
        try Data("x".utf8).write(to: URL(fileURLWithPath: folder.path("file")))
        let error = #expect(throws: BackupError.self) {
            try DatabaseBackup(folder: folder.path("file/backups")).write(database: path)
        }
        guard case .unwritableFolder(let named, _)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(named == folder.path("file/backups"))
        #expect(error?.description.contains("give --to a folder this user can write") == true)
    }

    @Test func backupNames() {
        let name = BackupName(time: instant("2026-12-03T18:30:00Z"))
        #expect(name.fileName == "mawid-20261203T183000Z.sqlite")
        #expect(BackupName(fileName: "mawid-20261203T183000Z.sqlite") == name)
        #expect(BackupName(fileName: "mawid-20261203T183000Z-3.sqlite") == BackupName(time: name.time, sequence: 3))
        #expect(BackupName(fileName: "mawid-20261203T183000Z-3.sqlite")! > BackupName(fileName: "mawid-20261203T183000Z.sqlite")!)
        for other in ["mawid-20261203T183000Z-1.sqlite", "mawid-20261203T183000Z-02.sqlite", "mawid-20261303T183000Z.sqlite",
                      "mawid-20261203T183060Z.sqlite", "mawid-20261203T183000.sqlite", "mawid-20261203T183000Z.sqlite-wal",
                      ".mawid-backup-1-ab.tmp"] {
            #expect(BackupName(fileName: other) == nil, "\(other)")
        }
    }
}

/// Distinct slots: doctor `d<n / 14>`, one of 14 times on 2025-03-19.
func distinctSlot(_ n: Int) -> BookingRequest {
    let times = ["08:00", "08:30", "09:00", "09:30", "10:00", "10:30", "11:00", "11:30",
                 "13:00", "13:30", "14:00", "14:30", "15:00", "15:30"]
    return makeRequest(doctor: "d\(n / times.count)", slot("2025-03-19", times[n % times.count]))
}

/// Polls `condition` until it holds; a generous bound (a machine busy with other builds is slow), then a
/// failure that says so.
func waitUntil(_ condition: () -> Bool, seconds: Int = 180) async throws {
    struct TimedOut: Error, CustomStringConvertible { let seconds: Int; var description: String { "the condition did not hold within \(seconds) s" } }
    let deadline = ContinuousClock.now + .seconds(seconds)
    while !condition() {
        guard ContinuousClock.now < deadline else { throw TimedOut(seconds: seconds) }
        try await Task.sleep(for: .milliseconds(5))
    }
}

/// Runs blocking work on a thread of its own, off Swift's cooperative pool.
func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}

/// `PRAGMA integrity_check` of a database file, through a connection of its own.
func integrityCheck(_ path: String) throws -> [String] {
    let queue = try DatabaseQueue(path: path)
    defer { try? queue.close() }
    return try queue.read { try String.fetchAll($0, sql: "PRAGMA integrity_check") }
}

/// Rows of `booking` in a database file, through a connection of its own.
func count(bookingsIn path: String) throws -> Int {
    let queue = try DatabaseQueue(path: path)
    defer { try? queue.close() }
    return try queue.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM booking") ?? 0 }
}
