import Foundation
import GRDB

/// The booking database: one SQLite file in WAL mode, migrated on open (GRDB's `AppDatabase` pattern).
public struct AppDatabase: Sendable {
    /// Serializes writes; a `DatabasePool` for files, so reads run alongside writes.
    let dbWriter: any DatabaseWriter

    /// Wraps an open connection and migrates it. Create it with `makeConfiguration()`.
    public init(_ dbWriter: any DatabaseWriter) throws {
        self.dbWriter = dbWriter
        try Schema.migrator.migrate(dbWriter)
        // GRDB switches a pool's writer to `synchronous = NORMAL` with WAL; bookings need FULL (see below).
        try dbWriter.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            // Checkpoint less often (about 40 MB of WAL): fewer, larger copies back into the database
            // file, so most commits only append to the WAL.
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 10000")
        }
    }

    /// Opens or creates the database file at `path`, creating its folder (mode 0700) and the file
    /// itself (mode 0600) first, so that the `-wal` and `-shm` files SQLite adds get 0600 too.
    public init(path: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        try createPrivateFile(path)
        try self.init(DatabasePool(path: path, configuration: Self.makeConfiguration()))
    }

    /// An empty database in memory, for tests and previews.
    public static func inMemory() throws -> AppDatabase {
        try AppDatabase(DatabaseQueue(configuration: makeConfiguration()))
    }

    /// Connections wait up to 5 s for a lock instead of failing. Durability comes from `init`, which
    /// sets `synchronous = FULL` on the writer: the WAL is synced at every commit, so an acknowledged
    /// booking survives kill -9 and power loss.
    public static func makeConfiguration(_ base: Configuration = Configuration()) -> Configuration {
        var config = base
        config.busyMode = .timeout(5)
        return config
    }

    /// Closes every connection. Further use throws.
    public func close() throws { try dbWriter.close() }
}

/// Creates an empty file readable and writable by its owner only, unless the file exists.
private func createPrivateFile(_ path: String) throws {
    let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
    if fd < 0 {
        if errno == EEXIST { return }
        throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
    }
    defer { close(fd) }
    // The umask may have cleared bits: set exactly 0600.
    guard fchmod(fd, 0o600) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
}
