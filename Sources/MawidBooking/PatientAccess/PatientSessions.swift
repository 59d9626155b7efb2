import Foundation
import MawidStorage

/// Browsers signed in to "My appointments" with a code (`SignInCodes`): each holds a random token in a
/// cookie; only its SHA-256 is stored, with the phone number whose bookings it may see. Short-lived: a
/// session ends `idleTimeout` after its last use or `absoluteTimeout` after it began.
public struct PatientSessions: Sendable {
    public static let idleTimeout: TimeInterval = 30 * 60
    public static let absoluteTimeout: TimeInterval = 4 * 3600
    /// `lastSeen` is written at most this often.
    static let touchInterval: TimeInterval = 60

    public let database: AppDatabase

    public init(database: AppDatabase) { self.database = database }

    /// Starts a session for `phone` (E.164) and deletes the ended ones; returns the cookie's token.
    public func create(phone: String, now: Date) async throws -> String {
        let token = BookingToken.generate()
        let stamp = Timestamp.string(now)
        let idle = Timestamp.string(now.addingTimeInterval(-Self.idleTimeout))
        let absolute = Timestamp.string(now.addingTimeInterval(-Self.absoluteTimeout))
        let hash = BookingToken.hash(token)
        try await database.engine.write { db in
            try db.execute("DELETE FROM patientSession WHERE lastSeen <= ? OR createdAt <= ?", [idle, absolute])
            try db.execute("INSERT INTO patientSession (tokenHash, phone, createdAt, lastSeen) VALUES (?, ?, ?, ?)",
                           [hash, phone, stamp, stamp])
        }
        return token
    }

    /// The phone number of a live session, or nil (an ended one is deleted). Each use moves its last use to
    /// `now` (written at most once a minute).
    public func phone(token: String, now: Date) async throws -> String? {
        guard BookingToken.isWellFormed(token) else { return nil }
        let hash = BookingToken.hash(token)
        let found = try await database.engine.read { db -> (id: Int64, phone: String, createdAt: String, lastSeen: String)? in
            try db.fetchOne("SELECT id, phone, createdAt, lastSeen FROM patientSession WHERE tokenHash = ?", [hash])
                .map { (try $0.decode("id"), try $0.decode("phone"), try $0.decode("createdAt"), try $0.decode("lastSeen")) }
        }
        guard let found, let createdAt = Timestamp.date(found.createdAt), let lastSeen = Timestamp.date(found.lastSeen)
        else { return nil }
        let id = found.id
        if now >= lastSeen.addingTimeInterval(Self.idleTimeout) || now >= createdAt.addingTimeInterval(Self.absoluteTimeout) {
            try await database.engine.write { db -> Void in try db.execute("DELETE FROM patientSession WHERE id = ?", [id]) }
            return nil
        }
        if now.timeIntervalSince(lastSeen) >= Self.touchInterval {
            let stamp = Timestamp.string(now)
            try await database.engine.write { db -> Void in
                try db.execute("UPDATE patientSession SET lastSeen = ? WHERE id = ?", [stamp, id])
            }
        }
        return found.phone
    }

    /// Ends a session (sign out); an unknown token is ignored.
    public func delete(token: String) async throws {
        guard BookingToken.isWellFormed(token) else { return }
        let hash = BookingToken.hash(token)
        try await database.engine.write { db -> Void in try db.execute("DELETE FROM patientSession WHERE tokenHash = ?", [hash]) }
    }
}
