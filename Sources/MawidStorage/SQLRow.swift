/// One row of a result, its columns by name (as written in the query, case-insensitively as SQLite does).
public struct SQLRow: Sendable {
    public let columns: [String]
    public let values: [SQLValue]

    public init(columns: [String], values: [SQLValue]) {
        self.columns = columns
        self.values = values
    }

    /// The value of `column`; `.null` if the row has no such column.
    public func value(_ column: String) -> SQLValue {
        if let index = columns.firstIndex(of: column) { return values[index] }
        let lower = column.lowercased()
        guard let index = columns.firstIndex(where: { $0.lowercased() == lower }) else { return .null }
        return values[index]
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
