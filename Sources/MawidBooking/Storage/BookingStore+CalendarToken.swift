import Foundation
import MawidStorage

/// The secrets of the doctors' calendar feed URLs (`calendarToken`), on either engine. Only a token's SHA-256 is
/// stored.
struct CalendarTokens: Sendable {
    let database: AppDatabase

    /// A new token for `doctor`; see `BookingStore.calendarToken`.
    func make(doctor: String, rotate: Bool, now: Date) async throws -> String {
        let token = BookingToken.generate()
        let hash = BookingToken.hash(token)
        let timestamp = Timestamp.string(now)
        try await database.engine.write { db in
            if !rotate, let createdAt = try db.value("SELECT createdAt FROM calendarToken WHERE doctor = ?", [doctor],
                                                     as: String.self) {
                throw CalendarTokenExists(doctor: doctor, createdAt: Timestamp.date(createdAt))
            }
            try db.execute("""
                INSERT INTO calendarToken (doctor, tokenHash, createdAt) VALUES (?, ?, ?)
                ON CONFLICT (doctor) DO UPDATE SET tokenHash = excluded.tokenHash, createdAt = excluded.createdAt
                """, [doctor, hash, timestamp])
        }
        return token
    }

    func createdAt(doctor: String) async throws -> Date? {
        try await database.engine.read { db in
            try db.value("SELECT createdAt FROM calendarToken WHERE doctor = ?", [doctor], as: String.self)
        }.flatMap(Timestamp.date)
    }

    func doctor(token: String) async throws -> String? {
        guard BookingToken.isWellFormed(token) else { return nil }
        let hash = BookingToken.hash(token)
        return try await database.engine.read { db in
            try db.value("SELECT doctor FROM calendarToken WHERE tokenHash = ?", [hash], as: String.self)
        }
    }
}

extension BookingStore {
    /// The secret of a doctor's calendar feed URL: a new one if the doctor has none, or always with
    /// `rotate` (the previous one stops working at once). Only its SHA-256 is stored, so an existing
    /// token cannot be shown again: without `rotate`, an existing one throws `CalendarTokenExists`.
    public func calendarToken(doctor: String, rotate: Bool, now: Date = Date()) async throws -> String {
        try await CalendarTokens(database: database).make(doctor: doctor, rotate: rotate, now: now)
    }

    /// When the doctor's current calendar token was made, or nil if the doctor has none.
    public func calendarTokenCreatedAt(doctor: String) async throws -> Date? {
        try await CalendarTokens(database: database).createdAt(doctor: doctor)
    }

    /// The doctor whose current calendar token is `token`, or nil.
    public func doctorForCalendarToken(_ token: String) async throws -> String? {
        try await CalendarTokens(database: database).doctor(token: token)
    }
}

/// The doctor already has a calendar token; it cannot be shown again (only its hash is kept): rotate it.
public struct CalendarTokenExists: Error, Hashable, Sendable {
    public var doctor: String
    public var createdAt: Date?
}
