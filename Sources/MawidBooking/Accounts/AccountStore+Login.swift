import Foundation
import MawidStorage

/// The outcome of a login attempt.
public enum LoginResult: Hashable, Sendable {
    case success(Account)
    /// Wrong login or password (which one is not told).
    case invalid
    /// Too many failures: refused, even with the right password, until then.
    case locked(until: Date)
}

extension AccountStore {
    /// Failures within `lockoutWindow` that lock a login.
    public static let lockoutFailures = 5
    public static let lockoutWindow: TimeInterval = 15 * 60
    public static let lockoutDuration: TimeInterval = 15 * 60
    /// How long failures are kept at all.
    static let failureRetention: TimeInterval = 24 * 3600

    /// Checks a login and password.
    ///
    /// Every failure is recorded against the login as typed (trimmed, lowercased, known or not); the
    /// `lockoutFailures`-th within `lockoutWindow` locks that login for `lockoutDuration` (that attempt
    /// already answers `.locked`). While locked, attempts are refused without checking the password
    /// and without being counted. A success clears the login's failures. Unknown logins are hashed
    /// against a dummy hash, so they take as long as known ones. A hash made at another cost is
    /// replaced at a successful login.
    public func verify(login: String, password: String, now: Date) async throws -> LoginResult {
        let key = String(AccountRules.normalizedLogin(login).prefix(100))
        let (lockedUntil, record) = try await database.engine.read { db in
            let until = try db.value("SELECT lockedUntil FROM loginLock WHERE login = ?", [key], as: String.self)
            let record = try db.fetchOne("SELECT \(AccountRecord.columns) FROM account WHERE login = ?", [key])
                .map(AccountRecord.init(row:))
            return (until.flatMap(Timestamp.date), record)
        }
        if let lockedUntil, lockedUntil > now { return .locked(until: lockedUntil) }

        let hasher = hasher
        let dummy = dummy
        // bcrypt stops at a NUL and reads 72 bytes: such a password was never stored, refuse it outright.
        let acceptable = AccountRules.couldBeStored(password)
        let matches = await PasswordHasher.offload {
            hasher.verify(password, hash: record?.passwordHash ?? dummy.get(hasher))
        }
        if matches, acceptable, let record, let account = record.account {
            let rehash = hasher.needsRehash(record.passwordHash)
                ? await PasswordHasher.offload { hasher.hash(password) } : nil
            try await database.engine.write { db in
                try db.execute("DELETE FROM loginFailure WHERE login = ?", [key])
                try db.execute("DELETE FROM loginLock WHERE login = ?", [key])
                if let rehash {
                    try db.execute("UPDATE account SET passwordHash = ? WHERE id = ?", [rehash, account.id])
                }
            }
            return .success(account)
        }
        if let until = try await recordFailure(key, now: now) { return .locked(until: until) }
        return .invalid
    }

    /// Records a failed login; returns the end of the lock if this failure starts one.
    private func recordFailure(_ key: String, now: Date) async throws -> Date? {
        let timestamp = Timestamp.string(now)
        let windowStart = Timestamp.string(now.addingTimeInterval(-Self.lockoutWindow))
        let oldest = Timestamp.string(now.addingTimeInterval(-Self.failureRetention))
        let until = Timestamp.date(Timestamp.string(now.addingTimeInterval(Self.lockoutDuration)))!
        return try await database.engine.write { db in
            try db.execute("DELETE FROM loginFailure WHERE at < ?", [oldest])
            try db.execute("DELETE FROM loginLock WHERE lockedUntil <= ?", [timestamp])
            try db.execute("INSERT INTO loginFailure (login, at) VALUES (?, ?)", [key, timestamp])
            let recent = try db.value("SELECT COUNT(*) FROM loginFailure WHERE login = ? AND at > ?", [key, windowStart],
                                      as: Int.self) ?? 0
            guard recent >= Self.lockoutFailures else { return nil }
            try db.execute("DELETE FROM loginFailure WHERE login = ?", [key])
            try db.execute("""
                INSERT INTO loginLock (login, lockedUntil) VALUES (?, ?)
                ON CONFLICT (login) DO UPDATE SET lockedUntil = excluded.lockedUntil
                """, [key, Timestamp.string(until)])
            return until
        }
    }
}
