import GRDB
import MawidStorage

extension Schema {
    /// Creation messages may be written after the booking (`MessageComposer`): `setting` keeps the last
    /// booking whose creation messages are written. Every booking before this migration has them.
    static func v5(_ db: Database) throws {
        try db.execute(sql: "INSERT INTO setting (key, value) SELECT ?, CAST(IFNULL(MAX(id), 0) AS TEXT) FROM booking",
                       arguments: [BookingCursor.creation.key])
    }
}

/// A booking id kept in `setting`: how far a background task has got through the bookings, in order.
struct BookingCursor {
    let key: String

    /// The last booking whose creation messages (received or confirmed, reminders, the practice's notice) are
    /// written. Bookings after it are `MessageComposer`'s backlog.
    static let creation = BookingCursor(key: "messages.createdThrough")
    /// The last booking in the office's search index (`Schema.v9`); bookings after it are `SearchIndexer`'s.
    static let searchIndex = BookingCursor(key: "searchIndexedUpTo")
    /// The last booking counted in the figures' summary (`Schema.v15`); bookings after it are `FiguresCounter`'s.
    static let figures = BookingCursor(key: "figuresCountedUpTo")

    func get(_ db: any SQLConnection) throws -> Int64 {
        try db.value("SELECT value FROM setting WHERE key = ?", [key], as: String.self).flatMap { Int64($0) } ?? 0
    }

    /// Moves it to `id` if that is further.
    func advance(_ db: any SQLConnection, to id: Int64) throws {
        try db.execute("UPDATE setting SET value = ? WHERE key = ? AND CAST(value AS BIGINT) < ?", [String(id), key, id])
    }

    /// Moves it from `from` to `to`, only if it is at `from` (no backlog before): the writer composing
    /// inline must not skip bookings left to a composer.
    func step(_ db: any SQLConnection, from: Int64, to: Int64) throws {
        try db.execute("UPDATE setting SET value = ? WHERE key = ? AND value = ?", [String(to), key, String(from)])
    }
}
