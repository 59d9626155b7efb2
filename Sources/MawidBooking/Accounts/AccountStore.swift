import Foundation
import GRDB

/// Office accounts in the booking database: managed from the command line, checked at login.
///
/// The management calls (`add`, `list`, `setPassword`, `remove`, `account`) are synchronous, for the
/// command line; `add` and `setPassword` hash with bcrypt and block meanwhile. `verify` is async and hashes
/// off the cooperative pool.
public final class AccountStore: Sendable {
    public let database: AppDatabase
    let hasher: PasswordHasher
    let dummy = DummyHash()

    /// - Parameter hasher: bcrypt at cost 12 by default; tests pass a lower cost.
    public init(database: AppDatabase, hasher: PasswordHasher = .production) {
        self.database = database
        self.hasher = hasher
    }

    private var dbWriter: any DatabaseWriter { database.dbWriter }

    /// Creates an account. The login is stored trimmed and lowercased; `doctors` are slugs (ignored for admins).
    /// - Throws: `AccountError` (bad login, password or slug; login taken); database errors.
    @discardableResult
    public func add(login: String, password: String, doctors: [String], isAdmin: Bool, now: Date = Date()) throws -> Account {
        let login = try AccountRules.validLogin(login)
        try AccountRules.checkPassword(password)
        let doctors = try AccountRules.validDoctors(doctors)
        var record = AccountRecord(id: nil, login: login, passwordHash: hasher.hash(password), isAdmin: isAdmin,
                                   doctors: doctors.joined(separator: ","), createdAt: Timestamp.string(now))
        do {
            try dbWriter.write { db in try record.insert(db) }
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
            throw AccountError.loginTaken(login)
        }
        return record.account!
    }

    /// Every account, by login.
    public func list() throws -> [Account] {
        try dbWriter.read { db in try AccountRecord.order(Column("login")).fetchAll(db) }.compactMap(\.account)
    }

    /// The account with this login (any case), or nil.
    public func account(login: String) throws -> Account? {
        let login = AccountRules.normalizedLogin(login)
        return try dbWriter.read { db in try AccountRecord.filter(Column("login") == login).fetchOne(db) }?.account
    }

    /// The account with this id, or nil.
    public func account(id: Int64) throws -> Account? {
        try dbWriter.read { db in try AccountRecord.fetchOne(db, key: id) }?.account
    }

    /// Replaces the password and ends every session of the account.
    /// - Throws: `AccountError` (bad password, unknown login); database errors.
    public func setPassword(login: String, password: String) throws {
        try AccountRules.checkPassword(password)
        let login = AccountRules.normalizedLogin(login)
        let hash = hasher.hash(password)
        let found = try dbWriter.write { db in
            guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM account WHERE login = ?", arguments: [login]) else {
                return false
            }
            try db.execute(sql: "UPDATE account SET passwordHash = ? WHERE id = ?", arguments: [hash, id])
            try db.execute(sql: "DELETE FROM session WHERE accountId = ?", arguments: [id])
            return true
        }
        if !found { throw AccountError.unknownLogin(login) }
    }

    /// Deletes the account and its sessions.
    /// - Throws: `AccountError.unknownLogin`; database errors.
    public func remove(login: String) throws {
        let login = AccountRules.normalizedLogin(login)
        let found = try dbWriter.write { db in
            guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM account WHERE login = ?", arguments: [login]) else {
                return false
            }
            try db.execute(sql: "DELETE FROM session WHERE accountId = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM account WHERE id = ?", arguments: [id])
            return true
        }
        if !found { throw AccountError.unknownLogin(login) }
    }
}

/// A bcrypt hash of a random text at the store's cost, made on first use: unknown logins are checked
/// against it so that they take as long as known ones.
final class DummyHash: @unchecked Sendable {
    private let lock = NSLock()
    private var value: String?

    /// The hash, if made yet.
    var made: String? { lock.withLock { value } }

    func get(_ hasher: PasswordHasher) -> String {
        lock.withLock {
            if let value { return value }
            let made = hasher.hash(BookingToken.generate())
            value = made
            return made
        }
    }
}
