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

/// A connection inside a transaction: `?` placeholders become `$1`, `$2`…; each statement waits for its answer.
struct PostgresSQLConnection: SQLConnection {
    let connection: PostgresConnection
    let engine: PostgresEngine
    private let changes = Changes()

    init(connection: PostgresConnection, engine: PostgresEngine) {
        self.connection = connection
        self.engine = engine
    }

    /// The row count of the last `execute` (the connection is used by one lane's thread at a time).
    final class Changes: @unchecked Sendable { var count = 0 }

    var dialect: SQLDialect { .postgres }

    var changesCount: Int { changes.count }

    @discardableResult
    func execute(_ sql: String, _ arguments: SQLArguments) throws -> Int {
        changes.count = try run(sql, arguments).metadata.rows ?? 0
        return changes.count
    }

    func fetchAll(_ sql: String, _ arguments: SQLArguments) throws -> [SQLRow] {
        let result = try run(sql, arguments)
        var rows: [SQLRow] = []
        rows.reserveCapacity(result.rows.count)
        var columns: [String]?
        for row in result.rows {
            var values: [SQLValue] = []
            var names: [String] = []
            for cell in row {
                values.append(try Self.value(cell))
                if columns == nil { names.append(cell.columnName) }
            }
            if columns == nil { columns = names }
            rows.append(SQLRow(columns: columns!, values: values))
        }
        return rows
    }

    /// The command tag of a statement without arguments (`COMMIT` or `ROLLBACK` after a COMMIT).
    func command(_ sql: String) throws -> String {
        try run(sql, []).metadata.command
    }

    private func run(_ sql: String, _ arguments: SQLArguments) throws -> PostgresQueryResult {
        var binds = PostgresBindings(capacity: arguments.values.count)
        for value in arguments.values {
            switch value {
            case .null: binds.appendNull()
            case .integer(let int): binds.append(int)
            case .real(let real): binds.append(real)
            case .text(let text): binds.append(text)
            case .blob(let data): binds.append(ByteBuffer(bytes: data))
            }
        }
        let query = PostgresQuery(unsafeSQL: Placeholders.numbered(sql), binds: binds)
        do {
            return try connection.query(query, logger: PostgresEngine.logger).wait()
        } catch let error as PSQLError {
            throw translated(error)
        }
    }

    func translated(_ error: PSQLError) -> any Error {
        switch error.serverInfo?[.sqlState] {
        case "40001", "40P01": return RunAgain()
        case "23505": return SQLError.uniqueViolation(index: error.serverInfo?[.constraintName])
        case "23503": return SQLError.foreignKeyViolation
        default: return engine.database.explained(error)
        }
    }

    static func value(_ cell: PostgresCell) throws -> SQLValue {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .int2, .int4, .int8, .oid: return .integer(try cell.decode(Int64.self))
        case .float4, .float8: return .real(try cell.decode(Double.self))
        case .numeric:
            let decimal = try cell.decode(Decimal.self)
            let int = NSDecimalNumber(decimal: decimal).int64Value
            return Decimal(int) == decimal ? .integer(int) : .real(NSDecimalNumber(decimal: decimal).doubleValue)
        case .bool: return .integer(try cell.decode(Bool.self) ? 1 : 0)
        case .bytea: return .blob(try cell.decode(Data.self))
        case .void: return .null
        default: return .text(try cell.decode(String.self))
        }
    }
}

/// `?` → `$1`, `$2`… outside quotes (`'…'`, `"…"`) and dollar-quoted bodies; each text converted once.
enum Placeholders {
    private static let cache = Mutex<[String: String]>([:])

    static func numbered(_ sql: String) -> String {
        if let done = cache.withLock({ $0[sql] }) { return done }
        var out = ""
        var number = 0
        var quote: Character?
        var inDollar = false
        var previous: Character = " "
        for char in sql {
            if inDollar {
                if char == "$" && previous == "$" { inDollar = false }
            } else if let open = quote {
                if char == open { quote = nil }
            } else if char == "'" || char == "\"" {
                quote = char
            } else if char == "$" && previous == "$" {
                inDollar = true
            } else if char == "?" {
                number += 1
                out += "$\(number)"
                previous = char
                continue
            }
            out.append(char)
            previous = char
        }
        cache.withLock { $0[sql] = out }
        return out
    }
}

extension PostgresEngine {
    /// Applies the PostgreSQL steps of `migrations` this database lacks, in one transaction that two servers
    /// starting together take in turn. Refuses, changing nothing, a database a newer mawid migrated
    /// (`NewerSchema`) and one that holds tables of something else.
    public func migrate(_ migrations: [SQLMigration], name: String) throws {
        try writeBlocking { db in
            try db.execute("SELECT pg_advisory_xact_lock(\(Self.migrationLock))")
            let tables = try db.values("""
                SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name
                """, as: String.self)
            if !tables.isEmpty, !tables.contains("mawid_migration") {
                throw PostgresDatabase.Problem(description: """
                    \(name) already holds tables of something else (\(tables.prefix(5).joined(separator: ", "))): \
                    give mawid an empty database of its own (createdb), nothing was changed
                    """)
            }
            try db.execute("CREATE TABLE IF NOT EXISTS mawid_migration (identifier text PRIMARY KEY, appliedAt text NOT NULL)")
            let applied = Set(try db.values("SELECT identifier FROM mawid_migration", as: String.self))
            let unknown = applied.subtracting(migrations.map(\.id)).sorted()
            guard unknown.isEmpty else { throw NewerSchema(database: name, unknown: unknown) }
            for migration in migrations where !applied.contains(migration.id) {
                for statement in migration.postgres {
                    do {
                        try db.execute(statement)
                    } catch {
                        let start = statement.split(separator: "\n").first.map(String.init) ?? ""
                        throw PostgresDatabase.Problem(description: "migration \(migration.id) failed at `\(start)…`: \(error)")
                    }
                }
                try db.execute("INSERT INTO mawid_migration (identifier, appliedAt) VALUES (?, ?)",
                               [migration.id, ISO8601DateFormatter().string(from: Date())])
            }
        }
    }

    /// The key of the advisory lock migrations hold ("mawid" in ASCII).
    static let migrationLock: Int64 = 0x6d_61_77_69_64
}
