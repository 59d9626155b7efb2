/// The columns of one result, shared by its rows: names as the engine gives them, and their positions by
/// name in lower case (PostgreSQL folds unquoted names; SQLite keeps them as written).
public final class SQLColumns: Sendable {
    public let names: [String]
    private let positions: [String: Int]

    public init(_ names: [String]) {
        self.names = names
        var positions: [String: Int] = [:]
        for (index, name) in names.enumerated() where positions[name.lowercased()] == nil { positions[name.lowercased()] = index }
        self.positions = positions
    }

    /// The position of `name` (any case), or nil.
    public func position(_ name: String) -> Int? {
        positions[name] ?? positions[name.lowercased()]
    }
}

/// One row of a result, its columns by name (any case, as SQLite finds them).
public struct SQLRow: Sendable {
    public let shape: SQLColumns
    public let values: [SQLValue]

    public init(columns: SQLColumns, values: [SQLValue]) {
        self.shape = columns
        self.values = values
    }

    public init(columns: [String], values: [SQLValue]) {
        self.init(columns: SQLColumns(columns), values: values)
    }

    /// The column names, in order.
    public var columns: [String] { shape.names }

    /// The value of `column`; `.null` if the row has no such column.
    public func value(_ column: String) -> SQLValue {
        shape.position(column).map { values[$0] } ?? .null
    }

    /// The value of `column`, or nil if it is NULL or not a `T`.
    public subscript<T: SQLValueConvertible>(_ column: String) -> T? { T.fromSQL(value(column)) }

    /// The value of the column at `index` (0-based), or nil.
    public subscript<T: SQLValueConvertible>(_ index: Int) -> T? {
        index < values.count ? T.fromSQL(values[index]) : nil
    }

    /// The value of `column`; throws `SQLError.unreadable` naming the column (never the row: it may hold
    /// patient data) if it is NULL or not a `T`.
    public func decode<T: SQLValueConvertible>(_ column: String, as type: T.Type = T.self) throws -> T {
        guard let value = T.fromSQL(value(column)) else { throw SQLError.unreadable(column: column) }
        return value
    }
}
