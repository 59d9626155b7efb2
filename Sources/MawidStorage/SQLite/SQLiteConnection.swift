import Foundation
import GRDB

/// A GRDB connection seen as an `SQLConnection`. Every statement is prepared once per connection (GRDB's
/// statement cache), so the hot paths cost what they cost when written against GRDB directly.
public struct SQLiteConnection: SQLConnection {
    /// For what only SQLite has (migrations written with GRDB, backups).
    public let db: Database

    public init(_ db: Database) { self.db = db }

    public var dialect: SQLDialect { .sqlite }

    public var changesCount: Int { db.changesCount }

    @discardableResult
    public func execute(_ sql: String, _ arguments: SQLArguments) throws -> Int {
        do {
            try db.cachedStatement(sql: sql).execute(arguments: Self.arguments(arguments))
            return db.changesCount
        } catch let error as DatabaseError {
            throw Self.translated(error)
        }
    }

    /// SQLite's own `lastInsertedRowID`: no `RETURNING` clause to add, and the statement stays prepared.
    public func insertReturningID(_ sql: String, _ arguments: SQLArguments) throws -> Int64 {
        try execute(sql, arguments)
        return db.lastInsertedRowID
    }

    public func fetchAll(_ sql: String, _ arguments: SQLArguments) throws -> [SQLRow] {
        do {
            let statement = try db.cachedStatement(sql: sql)
            let columns = SQLColumns(statement.columnNames)
            let cursor = try Row.fetchCursor(statement, arguments: Self.arguments(arguments))
            var rows: [SQLRow] = []
            while let row = try cursor.next() {
                rows.append(SQLRow(columns: columns, values: row.databaseValues.map(Self.value)))
            }
            return rows
        } catch let error as DatabaseError {
            throw Self.translated(error)
        }
    }

    /// GRDB's arguments, through its initializer for existentials: the generic one maps with a key path, which
    /// cost the booking hot path 5 % of the server's CPU (perf, 2026-12-08).
    static func arguments(_ arguments: SQLArguments) -> StatementArguments {
        var values: [(any DatabaseValueConvertible)?] = []
        values.reserveCapacity(arguments.values.count)
        for value in arguments.values {
            switch value {
            case .null: values.append(nil)
            case .integer(let int): values.append(int)
            case .real(let real): values.append(real)
            case .text(let text): values.append(text)
            case .blob(let data): values.append(data)
            }
        }
        return StatementArguments(values)
    }

    static func value(_ value: DatabaseValue) -> SQLValue {
        switch value.storage {
        case .null: .null
        case .int64(let int): .integer(int)
        case .double(let real): .real(real)
        case .string(let text): .text(text)
        case .blob(let data): .blob(data)
        }
    }

    /// Unique and foreign key violations as `SQLError`; any other error as GRDB threw it.
    static func translated(_ error: DatabaseError) -> any Error {
        switch error.extendedResultCode {
        case .SQLITE_CONSTRAINT_UNIQUE, .SQLITE_CONSTRAINT_PRIMARYKEY:
            // "UNIQUE constraint failed: index 'booking_slot'" names an expression index; columns otherwise.
            let message = error.message ?? ""
            if let start = message.range(of: "index '"), let end = message[start.upperBound...].firstIndex(of: "'") {
                return SQLError.uniqueViolation(index: String(message[start.upperBound..<end]))
            }
            return SQLError.uniqueViolation(index: nil)
        case .SQLITE_CONSTRAINT_FOREIGNKEY:
            return SQLError.foreignKeyViolation
        default:
            return error
        }
    }
}
