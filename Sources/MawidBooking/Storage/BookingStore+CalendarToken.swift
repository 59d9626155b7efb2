import Foundation
import MawidStorage

extension BookingStore {
    /// The secret of a doctor's calendar feed URL: a new one if the doctor has none, or always with
    /// `rotate` (the previous one stops working at once). Only its SHA-256 is stored, so an existing
    /// token cannot be shown again: without `rotate`, an existing one throws `CalendarTokenExists`.
    public func calendarToken(doctor: String, rotate: Bool, now: Date = Date()) async throws -> String {
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

    /// When the doctor's current calendar token was made, or nil if the doctor has none.
    public func calendarTokenCreatedAt(doctor: String) async throws -> Date? {
        try await database.engine.read { db in
            try db.value("SELECT createdAt FROM calendarToken WHERE doctor = ?", [doctor], as: String.self)
        }.flatMap(Timestamp.date)
    }

    /// The doctor whose current calendar token is `token`, or nil.
    public func doctorForCalendarToken(_ token: String) async throws -> String? {
        guard BookingToken.isWellFormed(token) else { return nil }
        let hash = BookingToken.hash(token)
        return try await database.engine.read { db in
            try db.value("SELECT doctor FROM calendarToken WHERE tokenHash = ?", [hash], as: String.self)
        }
    }
}

/// The doctor already has a calendar token; it cannot be shown again (only its hash is kept): rotate it.
public struct CalendarTokenExists: Error, Hashable, Sendable {
    public var doctor: String
    public var createdAt: Date?
}
