import Foundation
import MawidStorage
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
        return try await store.database.engine.write { db in
            guard try db.value("SELECT count(*) FROM rating WHERE bookingId = ?", [booking.id], as: Int.self) == 0 else {
                throw Problem.alreadyRated
            }
            let id = try db.insertReturningID("""
                INSERT INTO rating (bookingId, doctor, stars, comment, createdAt, state) VALUES (?, ?, ?, ?, ?, 'pending')
                """, [booking.id, booking.request.doctor, stars, kept, Timestamp.string(now)])
            return try Self.entry(db, id: id)!
        }
    }

    /// The rating of a booking, if its patient gave one.
    public func rating(bookingID: Int64) async throws -> Entry? {
        try await store.database.engine.read { db in
            try db.fetchOne("SELECT * FROM rating WHERE bookingId = ?", [bookingID]).map(Self.entry)
        }
    }

    /// The ratings of the visible doctors (nil: all), pending first, then newest first.
    public func list(doctors: [String]?) async throws -> [Entry] {
        guard let visible = DoctorFilter(doctors) else { return [] }
        return try await store.database.engine.read { db in
            try db.fetchAll("""
                SELECT * FROM rating WHERE \(visible.sql) ORDER BY CASE state WHEN 'pending' THEN 0 ELSE 1 END, id DESC LIMIT 500
                """, SQLArguments(visible.arguments)).map(Self.entry)
        }
    }

    /// Publishes or hides (`reason` required) a rating of the visible doctors; false if there is none.
    public func moderate(id: Int64, publish: Bool, reason: String?, by login: String, doctors: [String]?, now: Date) async throws -> Bool {
        let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines)
        if !publish && (reason ?? "").isEmpty { throw Problem.reasonRequired }
        guard let visible = DoctorFilter(doctors) else { return false }
        return try await store.database.engine.write { db in
            try db.execute("""
                UPDATE rating SET state = ?, moderatedBy = ?, moderatedAt = ?, hiddenReason = ? WHERE id = ? AND \(visible.sql)
                """, SQLArguments([publish ? "published" : "hidden", login, Timestamp.string(now), publish ? nil : reason, id])
                    + SQLArguments(visible.arguments))
            return db.changesCount > 0
        }
    }

    /// The doctor's public answer (empty: none); false if there is no such rating.
    public func reply(id: Int64, text: String, by login: String, doctors: [String]?) async throws -> Bool {
        let reply = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if reply.count > Self.maxComment { throw Problem.commentTooLong(max: Self.maxComment) }
        guard let visible = DoctorFilter(doctors) else { return false }
        return try await store.database.engine.write { db in
            try db.execute("UPDATE rating SET reply = ?, repliedBy = ? WHERE id = ? AND \(visible.sql)",
                           SQLArguments([reply.isEmpty ? nil : reply, login, id]) + SQLArguments(visible.arguments))
            return db.changesCount > 0
        }
    }

    /// Every published rating, by doctor: what the site shows.
    public func published(timeZone: TimeZone) async throws -> [String: [PublishedRating]] {
        try await store.database.engine.read { db in
            var byDoctor: [String: [PublishedRating]] = [:]
            for row in try db.fetchAll("SELECT * FROM rating WHERE state = 'published' ORDER BY id") {
                let entry = Self.entry(row)
                let day = SlotCalendar(timeZone: timeZone, now: entry.createdAt).today
                byDoctor[entry.doctor, default: []].append(PublishedRating(stars: entry.stars, date: day, comment: entry.comment,
                                                                           reply: entry.reply))
            }
            return byDoctor
        }
    }

    static func entry(_ db: any SQLConnection, id: Int64) throws -> Entry? {
        try db.fetchOne("SELECT * FROM rating WHERE id = ?", [id]).map(entry)
    }

    static func entry(_ row: SQLRow) -> Entry {
        Entry(id: row["id"] ?? 0, bookingID: row["bookingId"] ?? 0, doctor: row["doctor"] ?? "", stars: row["stars"] ?? 0,
              comment: row["comment"], createdAt: row["createdAt"].flatMap(Timestamp.date) ?? .distantPast,
              state: row["state"].flatMap(State.init(rawValue:)) ?? .pending,
              moderatedBy: row["moderatedBy"], hiddenReason: row["hiddenReason"], reply: row["reply"])
    }
}
