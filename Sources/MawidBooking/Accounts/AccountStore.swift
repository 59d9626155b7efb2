import Foundation
import MawidStorage

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

    private var engine: any SQLDatabase { database.engine }

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
            record.id = try engine.writeBlocking { [record] db in
                try db.insertReturningID("""
                    INSERT INTO account (login, passwordHash, isAdmin, doctors, createdAt, email, phone, notify)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """, [record.login, record.passwordHash, record.isAdmin, record.doctors, record.createdAt,
                          record.email, record.phone, record.notify])
            }
        } catch SQLError.uniqueViolation {
            throw AccountError.loginTaken(login)
        }
        return record.account!
    }

    /// Every account, by login.
    public func list() throws -> [Account] {
        // Sorted here: logins are ASCII, so this is SQLite's order whatever PostgreSQL's collation.
        try engine.readBlocking { db in try db.fetchAll("SELECT \(AccountRecord.columns) FROM account") }
            .map(AccountRecord.init(row:)).compactMap(\.account).sorted { $0.login < $1.login }
    }

    /// The account with this login (any case), or nil.
    public func account(login: String) throws -> Account? {
        let login = AccountRules.normalizedLogin(login)
        return try engine.readBlocking { db in
            try db.fetchOne("SELECT \(AccountRecord.columns) FROM account WHERE login = ?", [login])
        }.map(AccountRecord.init(row:))?.account
    }

    /// The account with this id, or nil.
    public func account(id: Int64) throws -> Account? {
        try engine.readBlocking { db in
            try db.fetchOne("SELECT \(AccountRecord.columns) FROM account WHERE id = ?", [id])
        }.map(AccountRecord.init(row:))?.account
    }

    /// Replaces the password and ends every session of the account.
    /// - Throws: `AccountError` (bad password, unknown login); database errors.
    public func setPassword(login: String, password: String) throws {
        try AccountRules.checkPassword(password)
        let login = AccountRules.normalizedLogin(login)
        let hash = hasher.hash(password)
        let found = try engine.writeBlocking { db in
            guard let id = try db.value("SELECT id FROM account WHERE login = ?", [login], as: Int64.self) else {
                return false
            }
            try db.execute("UPDATE account SET passwordHash = ? WHERE id = ?", [hash, id])
            try db.execute("DELETE FROM session WHERE accountId = ?", [id])
            return true
        }
        if !found { throw AccountError.unknownLogin(login) }
    }

    /// Deletes the account and its sessions.
    /// - Throws: `AccountError.unknownLogin`; database errors.
    public func remove(login: String) throws {
        let login = AccountRules.normalizedLogin(login)
        let found = try engine.writeBlocking { db in
            guard let id = try db.value("SELECT id FROM account WHERE login = ?", [login], as: Int64.self) else {
                return false
            }
            try db.execute("DELETE FROM session WHERE accountId = ?", [id])
            try db.execute("DELETE FROM account WHERE id = ?", [id])
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
