import Dispatch
import Foundation
import MawidStorage
import PostgresNIO

/// Work handed to a lane's thread by a waiting one, and its result (both touched before the semaphore is
/// signalled, read after).
final class Handoff<T>: @unchecked Sendable {
    private var work: ((Lane) throws -> T)?
    var result: Result<T, any Error>?

    init(_ work: @escaping (Lane) throws -> T) { self.work = work }

    func run(_ lane: Lane) {
        result = Result { try work!(lane) }
        work = nil
    }
}

/// One connection and the queue that uses it. `connection` is touched on `queue` only.
final class Lane: @unchecked Sendable {
    let queue: DispatchQueue
    let index: Int
    private var connection: PostgresConnection?

    init(index: Int) {
        self.index = index
        queue = DispatchQueue(label: "mawid.postgres.\(index)")
    }

    func open(_ engine: PostgresEngine) throws -> PostgresConnection {
        if let connection, !connection.isClosed { return connection }
        do {
            let opened = try PostgresConnection.connect(on: PostgresEngine.eventLoops.any(),
                                                        configuration: engine.database.configuration,
                                                        id: index, logger: PostgresEngine.logger).wait()
            connection = opened
            return opened
        } catch let error as PSQLError {
            throw engine.database.explained(error)
        }
    }

    deinit {
        // postgres-nio asserts a connection is closed before it goes.
        if let connection { connection.close().whenComplete { _ in _ = connection } }
    }

    /// Closes the connection without waiting for it (`close` may be called from an event loop).
    func drop() {
        if let connection { connection.close().whenComplete { _ in _ = connection } }
        connection = nil
    }

    /// BEGIN, `body`, COMMIT; again from BEGIN when PostgreSQL asks; ROLLBACK on any error.
    func transaction<T>(write: Bool, engine: PostgresEngine, _ body: (any SQLConnection) throws -> T) throws -> T {
        var attempt = 1
        while true {
            let sql = PostgresSQLConnection(connection: try open(engine), engine: engine)
            do {
                try sql.execute(write ? "BEGIN ISOLATION LEVEL SERIALIZABLE" : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                let value = try body(sql)
                // COMMIT of a transaction a swallowed error aborted answers ROLLBACK: never take that for a commit.
                guard try sql.command("COMMIT") == "COMMIT" else { throw TransactionAborted() }
                return value
            } catch {
                if connection?.isClosed == false { _ = try? sql.command("ROLLBACK") } else { connection = nil }
                if error is RunAgain, attempt < PostgresEngine.maxAttempts {
                    attempt += 1
                    // A little wait, growing and jittered, so the transactions that collided do not collide again.
                    usleep(UInt32.random(in: 0...UInt32(min(attempt, 10) * 500)))
                    continue
                }
                if error is RunAgain { throw PostgresDatabase.Problem(description: "PostgreSQL: too many conflicting transactions, tried \(attempt) times") }
                throw error
            }
        }
    }
}

/// A serialization failure or a deadlock: the transaction runs again.
struct RunAgain: Error {}

/// A statement failed inside the transaction and the body went on: nothing was committed.
struct TransactionAborted: Error, CustomStringConvertible {
    var description: String { "PostgreSQL rolled the transaction back (a statement in it had failed)" }
}
