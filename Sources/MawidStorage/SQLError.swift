/// What both engines say the same way: a unique index that refused a row, a transaction to run again,
/// a column that does not read as expected.
public enum SQLError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A unique index or constraint refused the row; `index` is its name when the engine tells it.
    case uniqueViolation(index: String?)
    /// A foreign key refused the change.
    case foreignKeyViolation
    /// A column was NULL or of another type than the code reads.
    case unreadable(column: String)

    public var description: String {
        switch self {
        case .uniqueViolation(let index): "a unique index (\(index ?? "unnamed")) refused the row"
        case .foreignKeyViolation: "a foreign key refused the change"
        case .unreadable(let column): "the column \(column) does not read as expected"
        }
    }
}
