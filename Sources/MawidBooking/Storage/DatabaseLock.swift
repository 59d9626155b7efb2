import Foundation
import Synchronization

/// Marks a database file in use, so that `mawid restore` never replaces a database a running mawid has open.
///
/// Every process that opens the database (`AppDatabase(path:)`: `mawid serve`, `account`, `outbox`; and
/// `mawid backup`) holds a shared `flock` on a file beside it, `<database>-lock`, for as long as it has the
/// database open. `mawid restore` takes an exclusive one without waiting, and refuses when it cannot. The
/// kernel drops the lock when the process ends, even on kill -9, so a crash never leaves a stale lock.
///
/// Why a file of its own rather than the database: SQLite's locks are `fcntl` locks on the database file, and a
/// process loses all of them when it closes *any* descriptor of that file, so mawid never opens the database
/// outside SQLite; and restore puts a new file in the database's place, while the lock file keeps its inode.
public final class DatabaseLock: Sendable {
    /// The lock file's descriptor; -1 once released.
    private let descriptor: Mutex<Int32>
    /// The lock file, for messages.
    public let path: String

    /// The lock file of the database at `database`.
    public static func path(for database: String) -> String { database + "-lock" }

    private init(descriptor: Int32, path: String) {
        self.descriptor = Mutex(descriptor)
        self.path = path
    }

    /// Takes a shared lock: any number of mawid processes may hold one together. Waits up to `wait` while a
    /// restore holds the exclusive lock.
    /// - Throws: `BackupError.beingRestored` after `wait`; `FileError` if the lock file cannot be opened.
    static func shared(database: String, wait: Duration = .seconds(10)) throws -> DatabaseLock {
        let lock = try openLockFile(database: database)
        let deadline = ContinuousClock.now + wait
        while try !lock.take(LOCK_SH) {
            guard ContinuousClock.now < deadline else { throw BackupError.beingRestored(database: database) }
            usleep(50_000)
        }
        return lock
    }

    /// Takes the exclusive lock at once, or returns nil if a process holds the database.
    static func exclusive(database: String) throws -> DatabaseLock? {
        let lock = try openLockFile(database: database)
        return try lock.take(LOCK_EX) ? lock : nil
    }

    /// Whether another process has the database open now (`mawid serve`, a backup…): what `mawid db copy`
    /// refuses to copy from, since what it wrote meanwhile would be left behind.
    public static func isInUse(database: String) throws -> Bool {
        guard let lock = try exclusive(database: database) else { return true }
        lock.release()
        return false
    }

    /// Opens (or creates, owner-only) the lock file of `database`, without taking the lock.
    private static func openLockFile(database: String) throws -> DatabaseLock {
        let path = path(for: database)
        // Close on exec: a program mawid starts (sendmail) must not hold the lock after mawid has ended.
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw FileError(path: path, action: "open", errno: errno) }
        return DatabaseLock(descriptor: fd, path: path)
    }

    /// Tries `flock(operation)` without blocking: false if another process holds a conflicting lock.
    private func take(_ operation: Int32) throws -> Bool {
        try descriptor.withLock { fd in
            while flock(fd, operation | LOCK_NB) != 0 {
                if errno == EINTR { continue }
                if errno == EWOULDBLOCK { return false }
                throw FileError(path: path, action: "lock", errno: errno)
            }
            return true
        }
    }

    /// Releases the lock (closing the file). Further calls do nothing.
    public func release() {
        descriptor.withLock { fd in
            if fd >= 0 { close(fd) }
            fd = -1
        }
    }

    deinit { release() }
}
