import Foundation
import MawidStorage
import NIOCore
import PostgresNIO
import Synchronization

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
        var columns: SQLColumns?
        for row in result.rows {
            var values: [SQLValue] = []
            var names: [String] = []
            for cell in row {
                values.append(try Self.value(cell))
                if columns == nil { names.append(cell.columnName) }
            }
            if columns == nil { columns = SQLColumns(names) }
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
