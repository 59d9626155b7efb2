import Foundation
import GRDB
import MawidBooking
import MawidSite

/// Verified ratings: only the patient of a visit marked done may rate it, once (one row per booking, from
/// the patient's private link), 1 to 5 stars and an optional comment. Nothing is public until the practice
/// (or an admin) publishes it; hiding keeps the reason; the doctor may answer publicly. What is published is
/// what `published()` gives: `mawid serve` writes it to `content/ratings.yml` for the site.
public struct Ratings: Sendable {
    public static let maxComment = 1000

    public let store: BookingStore

    public init(store: BookingStore) { self.store = store }

    public enum State: String, Sendable { case pending, published, hidden }

    public enum Problem: Error, Sendable, Equatable {
        case stars
        case commentTooLong(max: Int)
        case visitNotDone
        case alreadyRated
        case reasonRequired
    }

    /// One rating with what the practice decided.
    public struct Entry: Sendable, Equatable {
        public var id: Int64
        public var bookingID: Int64
        public var doctor: String
        public var stars: Int
        public var comment: String?
        public var createdAt: Date
        public var state: State
        public var moderatedBy: String?
        public var hiddenReason: String?
        public var reply: String?
    }

    /// The patient rates a visit of `booking` (it must be `done`).
    @discardableResult
    public func rate(_ booking: StoredBooking, stars: Int, comment: String?, now: Date) async throws -> Entry {
        guard (1...5).contains(stars) else { throw Problem.stars }
        let text = comment?.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "\r\n", with: "\n")
        let kept = text.flatMap { $0.isEmpty ? nil : $0 }
        if let kept, kept.count > Self.maxComment { throw Problem.commentTooLong(max: Self.maxComment) }
        guard booking.status == .done else { throw Problem.visitNotDone }
        return try await store.database.dbWriter.write { db in
            guard try Int.fetchOne(db, sql: "SELECT count(*) FROM rating WHERE bookingId = ?", arguments: [booking.id]) == 0 else {
                throw Problem.alreadyRated
            }
            try db.execute(sql: """
                INSERT INTO rating (bookingId, doctor, stars, comment, createdAt, state) VALUES (?, ?, ?, ?, ?, 'pending')
                """, arguments: [booking.id, booking.request.doctor, stars, kept, Timestamp.string(now)])
            return try Self.entry(db, id: db.lastInsertedRowID)!
        }
    }

    /// The rating of a booking, if its patient gave one.
    public func rating(bookingID: Int64) async throws -> Entry? {
        try await store.database.dbWriter.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM rating WHERE bookingId = ?", arguments: [bookingID]).map(Self.entry)
        }
    }

    /// The ratings of the visible doctors (nil: all), pending first, then newest first.
    public func list(doctors: [String]?) async throws -> [Entry] {
        guard let visible = DoctorFilter(doctors) else { return [] }
        return try await store.database.dbWriter.read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM rating WHERE \(visible.sql) ORDER BY state = 'pending' DESC, id DESC LIMIT 500
                """, arguments: StatementArguments(visible.arguments)).map(Self.entry)
        }
    }

    /// Publishes or hides (`reason` required) a rating of the visible doctors; false if there is none.
    public func moderate(id: Int64, publish: Bool, reason: String?, by login: String, doctors: [String]?, now: Date) async throws -> Bool {
        let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines)
        if !publish && (reason ?? "").isEmpty { throw Problem.reasonRequired }
        guard let visible = DoctorFilter(doctors) else { return false }
        return try await store.database.dbWriter.write { db in
            try db.execute(sql: """
                UPDATE rating SET state = ?, moderatedBy = ?, moderatedAt = ?, hiddenReason = ? WHERE id = ? AND \(visible.sql)
                """, arguments: StatementArguments([publish ? "published" : "hidden", login, Timestamp.string(now),
                                                    publish ? nil : reason, id] as [(any DatabaseValueConvertible)?]) + StatementArguments(visible.arguments))
            return db.changesCount > 0
        }
    }

    /// The doctor's public answer (empty: none); false if there is no such rating.
    public func reply(id: Int64, text: String, by login: String, doctors: [String]?) async throws -> Bool {
        let reply = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if reply.count > Self.maxComment { throw Problem.commentTooLong(max: Self.maxComment) }
        guard let visible = DoctorFilter(doctors) else { return false }
        return try await store.database.dbWriter.write { db in
            try db.execute(sql: "UPDATE rating SET reply = ?, repliedBy = ? WHERE id = ? AND \(visible.sql)",
                           arguments: StatementArguments([reply.isEmpty ? nil : reply, login, id] as [(any DatabaseValueConvertible)?])
                               + StatementArguments(visible.arguments))
            return db.changesCount > 0
        }
    }

    /// Every published rating, by doctor: what the site shows.
    public func published(timeZone: TimeZone) async throws -> [String: [PublishedRating]] {
        try await store.database.dbWriter.read { db in
            var byDoctor: [String: [PublishedRating]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT * FROM rating WHERE state = 'published' ORDER BY id") {
                let entry = Self.entry(row)
                let day = SlotCalendar(timeZone: timeZone, now: entry.createdAt).today
                byDoctor[entry.doctor, default: []].append(PublishedRating(stars: entry.stars, date: day, comment: entry.comment,
                                                                           reply: entry.reply))
            }
            return byDoctor
        }
    }

    static func entry(_ db: Database, id: Int64) throws -> Entry? {
        try Row.fetchOne(db, sql: "SELECT * FROM rating WHERE id = ?", arguments: [id]).map(entry)
    }

    static func entry(_ row: Row) -> Entry {
        Entry(id: row["id"], bookingID: row["bookingId"], doctor: row["doctor"], stars: row["stars"], comment: row["comment"],
              createdAt: Timestamp.date(row["createdAt"]) ?? .distantPast, state: State(rawValue: row["state"]) ?? .pending,
              moderatedBy: row["moderatedBy"], hiddenReason: row["hiddenReason"], reply: row["reply"])
    }
}
