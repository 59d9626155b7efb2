/// Which SQL the connection speaks, for the few statements written twice (`SQLDialect.pick`).
public enum SQLDialect: Sendable {
    case sqlite, postgres

    /// `sqlite` on SQLite, `postgres` on PostgreSQL.
    public func pick<T>(sqlite: T, postgres: T) -> T { self == .sqlite ? sqlite : postgres }
}

/// One connection inside a transaction (`SQLDatabase.read`/`write`): statements with `?` placeholders, run in turn.
/// Calls block the calling thread, as GRDB's do: `SQLDatabase` runs transactions off Swift's concurrent pool.
public protocol SQLConnection {
    var dialect: SQLDialect { get }
    /// Runs a statement that returns no rows; returns how many rows it changed.
    @discardableResult
    func execute(_ sql: String, _ arguments: SQLArguments) throws -> Int
    /// Runs a query; returns all its rows.
    func fetchAll(_ sql: String, _ arguments: SQLArguments) throws -> [SQLRow]
    /// Rows the last `execute` changed.
    var changesCount: Int { get }
    /// Runs an `INSERT` (written without `RETURNING`) and returns the new row's id.
    func insertReturningID(_ sql: String, _ arguments: SQLArguments) throws -> Int64
}

extension SQLConnection {
    @discardableResult
    public func execute(_ sql: String) throws -> Int { try execute(sql, []) }

    public func fetchAll(_ sql: String) throws -> [SQLRow] { try fetchAll(sql, []) }

    /// The first row, or nil.
    public func fetchOne(_ sql: String, _ arguments: SQLArguments = []) throws -> SQLRow? {
        try fetchAll(sql, arguments).first
    }

    /// The first column of the first row, or nil (no row, or NULL).
    public func value<T: SQLValueConvertible>(_ sql: String, _ arguments: SQLArguments = [], as type: T.Type = T.self) throws -> T? {
        try fetchAll(sql, arguments).first.flatMap { T.fromSQL($0.values.first ?? .null) }
    }

    /// The first column of every row (NULLs left out).
    public func values<T: SQLValueConvertible>(_ sql: String, _ arguments: SQLArguments = [], as type: T.Type = T.self) throws -> [T] {
        try fetchAll(sql, arguments).compactMap { T.fromSQL($0.values.first ?? .null) }
    }

    /// `INSERT … RETURNING id` (`sql` without the clause): PostgreSQL's way, and any engine's by default.
    public func insertReturningID(_ sql: String, _ arguments: SQLArguments = []) throws -> Int64 {
        guard let id = try value(sql + " RETURNING id", arguments, as: Int64.self) else {
            throw SQLError.unreadable(column: "id")
        }
        return id
    }
}

extension Array {
    /// `(?, ?, ?)`: one placeholder for each element, for an `IN` list or a row of `VALUES`.
    public var sqlPlaceholders: String { "(" + Array<String>(repeating: "?", count: count).joined(separator: ", ") + ")" }
}
