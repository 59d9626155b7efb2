import Foundation
import MawidStorage

/// Login sessions of office accounts. The cookie holds a random token; only its SHA-256 is stored.
/// Each session has a CSRF token for its forms.
public final class SessionStore: Sendable {
    /// A session unused this long ends.
    public static let idleTimeout: TimeInterval = 8 * 3600
    /// A session ends this long after login, used or not.
    public static let absoluteTimeout: TimeInterval = 24 * 3600
    /// `lastSeen` is written at most this often (each write is a synced commit).
    static let touchInterval: TimeInterval = 60

    public let database: AppDatabase

    public init(database: AppDatabase) {
        self.database = database
    }

    /// Starts a session for the account; also deletes every expired session.
    /// - Returns: the cookie's token (shown once, stored hashed) and the session's CSRF token.
    /// - Throws: `SQLError.foreignKeyViolation` if the account does not exist; database errors.
    public func create(accountID: Int64, now: Date) async throws -> (token: String, csrf: String) {
        let token = BookingToken.generate()
        let csrf = BookingToken.generate()
        let timestamp = Timestamp.string(now)
        let idleLimit = Timestamp.string(now.addingTimeInterval(-Self.idleTimeout))
        let absoluteLimit = Timestamp.string(now.addingTimeInterval(-Self.absoluteTimeout))
        let hash = BookingToken.hash(token)
        try await database.engine.write { db in
            try db.execute("DELETE FROM session WHERE lastSeen <= ? OR createdAt <= ?", [idleLimit, absoluteLimit])
            try db.execute("INSERT INTO session (tokenHash, accountId, csrf, createdAt, lastSeen) VALUES (?, ?, ?, ?, ?)",
                           [hash, accountID, csrf, timestamp, timestamp])
        }
        return (token, csrf)
    }

    /// The account and CSRF token of a live session, or nil. A session ends `idleTimeout` after its last
    /// use or `absoluteTimeout` after its creation, whichever comes first (it is then deleted); each use
    /// moves its last use to `now` (written at most once a minute).
    public func session(token: String, now: Date) async throws -> (Account, csrf: String)? {
        guard BookingToken.isWellFormed(token) else { return nil }
        let hash = BookingToken.hash(token)
        let found = try await database.engine.read { db -> (SQLRow, AccountRecord)? in
            guard let row = try db.fetchOne("SELECT id, accountId, csrf, createdAt, lastSeen FROM session WHERE tokenHash = ?",
                                            [hash]),
                  let account = try db.fetchOne("SELECT \(AccountRecord.columns) FROM account WHERE id = ?",
                                                [try row.decode("accountId", as: Int64.self)])
            else { return nil }
            return (row, try AccountRecord(row: account))
        }
        guard let (row, record) = found, let account = record.account,
              let createdAt = Timestamp.date(try row.decode("createdAt")), let lastSeen = Timestamp.date(try row.decode("lastSeen"))
        else { return nil }
        let id: Int64 = try row.decode("id")
        let csrf: String = try row.decode("csrf")
        if now >= lastSeen.addingTimeInterval(Self.idleTimeout) || now >= createdAt.addingTimeInterval(Self.absoluteTimeout) {
            try await database.engine.write { db -> Void in try db.execute("DELETE FROM session WHERE id = ?", [id]) }
            return nil
        }
        if now.timeIntervalSince(lastSeen) >= Self.touchInterval {
            let timestamp = Timestamp.string(now)
            try await database.engine.write { db -> Void in
                try db.execute("UPDATE session SET lastSeen = ? WHERE id = ?", [timestamp, id])
            }
        }
        return (account, csrf)
    }

    /// Ends a session (logout). Unknown tokens are ignored.
    public func delete(token: String) async throws {
        guard BookingToken.isWellFormed(token) else { return }
        let hash = BookingToken.hash(token)
        try await database.engine.write { db -> Void in try db.execute("DELETE FROM session WHERE tokenHash = ?", [hash]) }
    }

    /// Ends every session of an account.
    public func deleteAll(accountID: Int64) async throws {
        try await database.engine.write { db -> Void in try db.execute("DELETE FROM session WHERE accountId = ?", [accountID]) }
    }
}
