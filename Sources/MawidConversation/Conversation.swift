import Foundation
import MawidStorage
import MawidBooking

/// The threads between patients and practices, one per booking: the patient writes from their private page,
/// the practice from /review. A new message tells the other side by email or SMS that there is one, with
/// the link, never what it says. The practice can close a thread (and open it again); a closed thread takes
/// no message from either side. Messages go with their booking.
public struct Conversation: Sendable {
    /// Longest message, in characters.
    public static let maxLength = 2000
    /// Most messages in one thread: enough for any booking, a limit for a runaway client.
    public static let maxMessages = 200

    public let store: BookingStore

    public init(store: BookingStore) { self.store = store }

    /// Why a message was not taken.
    public enum Problem: Error, Sendable, Equatable {
        case empty
        case tooLong(max: Int)
        case closed
        case full
    }

    /// The thread of a booking, oldest first.
    public func messages(bookingID: Int64) async throws -> [ThreadMessage] {
        try await store.database.engine.read { db in
            try db.fetchAll("SELECT * FROM threadMessage WHERE bookingId = ? ORDER BY id", [bookingID]).map(ThreadMessage.init(row:))
        }
    }

    /// Keeps `text` (trimmed) in the booking's thread and tells the other side, in one transaction.
    /// `author`: `patient` when `fromPatient`, else the account's login.
    @discardableResult
    public func post(bookingID: Int64, fromPatient: Bool, author: String, text: String, now: Date) async throws -> ThreadMessage {
        let body = text.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "\r\n", with: "\n")
        guard !body.isEmpty else { throw Problem.empty }
        guard body.count <= Self.maxLength else { throw Problem.tooLong(max: Self.maxLength) }
        let notice: BookingNotice = fromPatient ? .practice(.patientMessage) : .patient(.practiceMessage)
        let stamp = Timestamp.string(now)
        return try await store.write(bookingID: bookingID, now: now, key: "b\(bookingID)-m\(stamp)-\(fromPatient ? "p" : "o")") { db in
            if try db.fetchOne("SELECT 1 FROM threadState WHERE bookingId = ?", [bookingID]) != nil { throw Problem.closed }
            let count = try db.value("SELECT count(*) FROM threadMessage WHERE bookingId = ?", [bookingID], as: Int.self) ?? 0
            guard count < Self.maxMessages else { throw Problem.full }
            let id = try db.insertReturningID("""
                INSERT INTO threadMessage (bookingId, fromPatient, author, body, createdAt) VALUES (?, ?, ?, ?, ?)
                """, [bookingID, fromPatient, author, body, stamp])
            let message = ThreadMessage(id: id, bookingID: bookingID, fromPatient: fromPatient, author: author, body: body,
                                        createdAt: Timestamp.date(stamp) ?? now, readAt: nil)
            return (message, [notice])
        }
    }

    /// Marks as read what the other side wrote: the patient's messages when the practice opens the booking
    /// (`byPatient` false), the practice's when the patient opens their page.
    public func markRead(bookingID: Int64, byPatient: Bool, now: Date) async throws {
        try await store.database.engine.write { db in
            try db.execute("UPDATE threadMessage SET readAt = ? WHERE bookingId = ? AND fromPatient = ? AND readAt IS NULL",
                           [Timestamp.string(now), bookingID, !byPatient])
        }
    }

    /// Whether the practice closed the thread, and who and when.
    public func closing(bookingID: Int64) async throws -> (by: String, at: Date)? {
        try await store.database.engine.read { db in
            try db.fetchOne("SELECT closedBy, closedAt FROM threadState WHERE bookingId = ?", [bookingID]).map { row in
                (row["closedBy"] ?? "", row["closedAt"].flatMap(Timestamp.date) ?? .distantPast)
            }
        }
    }

    /// Closes the thread (`closed` true) or opens it again.
    public func setClosed(_ closed: Bool, bookingID: Int64, by login: String, now: Date) async throws {
        try await store.database.engine.write { db in
            if closed {
                try db.execute("""
                    INSERT INTO threadState (bookingId, closedAt, closedBy) VALUES (?, ?, ?)
                    ON CONFLICT (bookingId) DO UPDATE SET closedAt = excluded.closedAt, closedBy = excluded.closedBy
                    """, [bookingID, Timestamp.string(now), login])
            } else {
                try db.execute("DELETE FROM threadState WHERE bookingId = ?", [bookingID])
            }
        }
    }

    /// The patients' messages the practice has not read, for the doctors an account sees (nil: all).
    public func unreadByPractice(doctors: [String]?) async throws -> Int {
        guard let visible = DoctorFilter(doctors) else { return 0 }
        return try await store.database.engine.read { db in
            try db.value("""
                SELECT count(*) FROM threadMessage JOIN booking ON booking.id = threadMessage.bookingId
                WHERE threadMessage.fromPatient = 1 AND threadMessage.readAt IS NULL AND \(visible.sql)
                """, SQLArguments(visible.arguments), as: Int.self) ?? 0
        }
    }

    /// Unread messages of the patients, by booking, among `bookingIDs`.
    public func unreadByPractice(bookingIDs: [Int64]) async throws -> [Int64: Int] {
        try await unread(bookingIDs: bookingIDs, fromPatient: true)
    }

    /// Unread messages of the practice, by booking, among `bookingIDs` (the patient's list of bookings).
    public func unreadByPatient(bookingIDs: [Int64]) async throws -> [Int64: Int] {
        try await unread(bookingIDs: bookingIDs, fromPatient: false)
    }

    private func unread(bookingIDs: [Int64], fromPatient: Bool) async throws -> [Int64: Int] {
        guard !bookingIDs.isEmpty else { return [:] }
        return try await store.database.engine.read { db in
            var counts: [Int64: Int] = [:]
            for row in try db.fetchAll("""
                SELECT bookingId, count(*) AS n FROM threadMessage
                WHERE fromPatient = \(fromPatient ? 1 : 0) AND readAt IS NULL AND bookingId IN \(bookingIDs.sqlPlaceholders)
                GROUP BY bookingId
                """, SQLArguments(bookingIDs)) {
                if let id: Int64 = row["bookingId"] { counts[id] = row["n"] ?? 0 }
            }
            return counts
        }
    }
}
