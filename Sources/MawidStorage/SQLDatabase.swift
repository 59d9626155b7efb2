/// A database both engines provide: SQLite through GRDB (`SQLiteDatabase`), PostgreSQL through postgres-nio
/// (`MawidPostgres.PostgresEngine`). Transactions take a synchronous body, run on a thread of the engine's own
/// (never Swift's concurrent pool), as GRDB's do.
///
/// Writes are serializable on both: SQLite has one writer; PostgreSQL runs `SERIALIZABLE` and runs the body
/// again when the server asks to (a concurrent transaction got there first), so a body must not change
/// anything outside the database before it returns.
public protocol SQLDatabase: Sendable {
    var dialect: SQLDialect { get }
    /// A read-only transaction that sees one state of the database.
    func read<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T
    /// A write transaction, committed when `body` returns, rolled back when it throws.
    @discardableResult
    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T
    /// `read`, blocking the calling thread: only from a thread of one's own (a dispatch queue, a command's main
    /// thread), never from a task.
    func readBlocking<T>(_ body: (any SQLConnection) throws -> T) throws -> T
    /// `write`, blocking the calling thread: only from a thread of one's own (a dispatch queue), never from a task.
    @discardableResult
    func writeBlocking<T>(_ body: (any SQLConnection) throws -> T) throws -> T
    /// Applies the steps of `migrations` the database lacks; refuses (`NewerSchema`), changing nothing, a
    /// database a newer mawid migrated. `name` names the database in errors.
    func migrate(_ migrations: [SQLMigration], name: String) throws
    /// Closes every connection; later use throws.
    func close() throws
}
