import Dispatch
import Foundation
import Logging
import MawidStorage
import NIOCore
import NIOPosix
import PostgresNIO
import Synchronization

/// PostgreSQL as an `SQLDatabase`, for several `mawid serve` on one database.
///
/// Like GRDB's pool: a few lanes, each a serial dispatch queue with its own connection (opened when first
/// needed, opened again after it broke). A transaction runs its synchronous body on a lane, each statement
/// waiting for postgres-nio's answer (never on an event loop, never on Swift's concurrent pool).
/// Writes run `SERIALIZABLE` and run again, up to `maxAttempts`, when PostgreSQL reports a serialization failure
/// or a deadlock; reads run `REPEATABLE READ READ ONLY`, one state of the database as on SQLite.
public final class PostgresEngine: SQLDatabase, Sendable {
    public let database: PostgresDatabase
    private let lanes: [Lane]
    private let nextLane = Atomic<Int>(0)
    private let closed = Atomic<Bool>(false)
    static let maxAttempts = 30

    /// - Parameter lanes: connections at most (two servers with 8 each stay far below PostgreSQL's 100).
    public init(_ address: DatabaseAddress.Postgres, lanes: Int = 8) {
        database = PostgresDatabase(address)
        self.lanes = (0..<max(1, lanes)).map { Lane(index: $0) }
    }

    public var dialect: SQLDialect { .postgres }

    public func read<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        try await onLane { try $0.transaction(write: false, engine: self, body) }
    }

    @discardableResult

    public func write<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        try await onLane { try $0.transaction(write: true, engine: self, body) }
    }

    public func readBlocking<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
        try blocking { lane in try lane.transaction(write: false, engine: self, body) }
    }

    @discardableResult
    public func writeBlocking<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
        try blocking { lane in try lane.transaction(write: true, engine: self, body) }
    }

    /// Runs statements outside any transaction (`CREATE DATABASE`, …), on one lane.
    @discardableResult
    public func withoutTransaction<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
        try blocking { lane in try body(PostgresSQLConnection(connection: try lane.open(self), engine: self)) }
    }

    /// Runs `work` on a lane and waits: on the calling thread (as `DispatchQueue.sync` does), unless that is
    /// an event loop's (`mawid` runs its tasks on one), where waiting for postgres-nio is forbidden: the lane's
    /// own thread runs it then.
    private func blocking<T>(_ work: (Lane) throws -> T) throws -> T {
        guard !closed.load(ordering: .sequentiallyConsistent) else { throw PostgresDatabase.Problem(description: "the database is closed") }
        let lane = pickLane()
        guard MultiThreadedEventLoopGroup.currentEventLoop != nil else { return try lane.queue.sync { try work(lane) } }
        return try withoutActuallyEscaping(work) { work in
            // The lane gets the closure through a box it empties before signalling: once `wait` returns, nothing
            // holds the closure any more (`withoutActuallyEscaping` checks it).
            let box = Handoff<T>(work)
            let done = DispatchSemaphore(value: 0)
            lane.queue.async {
                box.run(lane)
                done.signal()
            }
            done.wait()
            return try box.result!.get()
        }
    }

    /// The event loops of every engine's connections: their own, never those of the server or of Swift's tasks.
    static let eventLoops = MultiThreadedEventLoopGroup(numberOfThreads: 2)

    public func close() throws {
        closed.store(true, ordering: .sequentiallyConsistent)
        for lane in lanes { lane.queue.sync { lane.drop() } }
    }

    private func pickLane() -> Lane {
        lanes[nextLane.wrappingAdd(1, ordering: .relaxed).oldValue % lanes.count]
    }

    private func onLane<T: Sendable>(_ work: @escaping @Sendable (Lane) throws -> T) async throws -> T {
        guard !closed.load(ordering: .sequentiallyConsistent) else { throw PostgresDatabase.Problem(description: "the database is closed") }
        let lane = pickLane()
        return try await withCheckedThrowingContinuation { continuation in
            lane.queue.async { continuation.resume(with: Result { try work(lane) }) }
        }
    }

    static let logger = Logger(label: "mawid-postgres") { _ in SwiftLogNoOpLogHandler() }
}
