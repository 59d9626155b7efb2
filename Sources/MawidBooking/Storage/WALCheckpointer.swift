import Dispatch
import GRDB
import Synchronization

/// Copies committed pages from the write-ahead log back into the database file, on a connection and
/// thread of its own, so that commits (and the patients waiting on them) seldom wait for a checkpoint.
///
/// Passive checkpoints never block the writer or readers. The writer keeps SQLite's automatic checkpoint
/// as a backstop (`AppDatabase.walBackstopPages`): it then finds most pages copied already.
final class WALCheckpointer: Sendable {
    static let interval = DispatchTimeInterval.milliseconds(100)

    private let connection: DatabaseQueue
    private let queue = DispatchQueue(label: "mawid.wal-checkpoint")
    private let stopped = Mutex(false)

    /// Starts checkpointing the database at `path` every `interval`, until this object is released.
    init(path: String) throws {
        connection = try DatabaseQueue(path: path, configuration: AppDatabase.makeConfiguration())
        schedule()
    }

    private func schedule() {
        queue.asyncAfter(deadline: .now() + Self.interval) { [weak self] in
            guard let self, !self.stopped.withLock({ $0 }) else { return }
            // A failure (the file went away, a busy lock) is retried at the next tick; the backstop stays.
            _ = try? self.connection.writeWithoutTransaction { db in try db.checkpoint(.passive) }
            self.schedule()
        }
    }

    /// Stops checkpointing and closes the connection (the database's own `close`).
    func stop() {
        stopped.withLock { $0 = true }
        try? connection.close()
    }
}
