import Foundation
import GRDB
import MawidStorage

/// The booking database, migrated on open (GRDB's `AppDatabase` pattern): one SQLite file in WAL mode, or a
/// PostgreSQL database (`init(postgres:)`, made by `MawidPostgres.PostgresEngine`) that several servers share.
public struct AppDatabase: Sendable {
    /// Where the stores read and write, whichever the engine.
    public let engine: any SQLDatabase
    /// The SQLite connection behind `engine`; nil on PostgreSQL.
    public let sqlite: (any DatabaseWriter)?
    /// Checkpoints a database file in the background (nil in memory).
    private let checkpointer: WALCheckpointer?
    /// Says the file is in use while it is open, so `mawid restore` refuses to replace it (nil in memory).
    private let lock: DatabaseLock?

    /// The WAL size (in 4 KB pages, about 80 MB) at which a commit checkpoints by itself, should the
    /// background checkpointer fall behind.
    static let walBackstopPages = 20_000

    /// Wraps an open connection and migrates it. Create it with `makeConfiguration()`.
    public init(_ dbWriter: any DatabaseWriter) throws {
        try self.init(dbWriter, checkpointing: nil, lock: nil)
    }

    /// - Parameter path: the database file to checkpoint in the background, if any.
    private init(_ dbWriter: any DatabaseWriter, checkpointing path: String?, lock: DatabaseLock?) throws {
        // A database a newer mawid migrated is left as it is: this one would misread or damage what it added.
        try SQLiteDatabase(dbWriter).migrate(Schema.migrations, name: path ?? "the database")
        // GRDB switches a pool's writer to `synchronous = NORMAL` with WAL; bookings need FULL (see below).
        try dbWriter.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            // Commits only append to the WAL; `WALCheckpointer` copies pages back on its own thread.
            try db.execute(sql: "PRAGMA wal_autocheckpoint = \(Self.walBackstopPages)")
        }
        // After the migrations, so the file is in WAL mode.
        let checkpointer = try path.map { try WALCheckpointer(path: $0) }
        // Every property at the end: a struct that throws half made crashed the delegating `init(path:)`.
        self.engine = SQLiteDatabase(dbWriter)
        self.sqlite = dbWriter
        self.lock = lock
        self.checkpointer = checkpointer
    }

    /// Opens or creates the database file at `path`, creating its folder (mode 0700) and the file
    /// itself (mode 0600) first, so that the `-wal` and `-shm` files SQLite adds get 0600 too.
    /// Holds a shared `DatabaseLock` until `close` (or the end of the process).
    /// - Throws: `BackupError.beingRestored` if `mawid restore` is replacing the file.
    public init(path: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        let lock = try DatabaseLock.shared(database: path)
        try PrivateFile.create(path)
        let pool = try DatabasePool(path: path, configuration: Self.makeConfiguration())
        try self.init(pool, checkpointing: path, lock: lock)
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

    /// A PostgreSQL database (`MawidPostgres.PostgresEngine`), migrated here.
    public init(postgres engine: any SQLDatabase, name: String) throws {
        try engine.migrate(Schema.migrations, name: name)
        self.engine = engine
        self.sqlite = nil
        self.checkpointer = nil
        self.lock = nil
    }

    /// Closes every connection. Further use throws.
    public func close() throws {
        checkpointer?.stop()
        try engine.close()
        lock?.release()
    }
}
