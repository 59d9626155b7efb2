import MawidStorage
import Foundation

/// How a message travels. Stored as its raw value in `outbox.channel`.
public enum OutboxChannel: String, Sendable, CaseIterable, Codable {
    case email, sms

    /// `lastError` of a message kept `held` for want of a channel.
    static func unconfiguredError(_ channel: OutboxChannel) -> String { "no \(channel.rawValue) channel configured" }
}

/// Where a message of the outbox stands. Stored as its raw value in `outbox.state`.
public enum OutboxState: String, Sendable, CaseIterable, Codable {
    /// To send at `nextAttemptAt` (a reminder: at its time; a failed attempt: after the back-off).
    case pending
    case sent
    /// Given up after `NotificationSettings.maxAttempts`, refused for good, or too late (`lastError` says).
    case failed
    /// No channel is configured for it: kept until one is (then sent), or `mawid outbox retry`.
    case held
}

/// A row of the outbox. Holds patient data (recipient, texts): its `description` shows none.
public struct OutboxMessage: Sendable, Hashable {
    public var id: Int64
    public var kind: MessageKind
    public var channel: OutboxChannel
    /// An email address or an E.164 phone number.
    public var recipient: String
    public var subject: String?
    public var body: String
    public var bookingID: Int64?
    /// Filled by `BookingStore.outbox` (for the command line).
    public var bookingReference: String?
    public var language: String
    public var state: OutboxState
    public var attempts: Int
    public var nextAttemptAt: Date
    /// Not sent from then on: a reminder's visit start, an offer's end.
    public var notAfter: Date?
    public var lastError: String?
    public var createdAt: Date
    public var sentAt: Date?
    /// Stable across attempts: what the receiving side deduplicates on.
    public var idempotencyKey: String

    /// `<outbox-{id}-{idempotencyKey}@{host}>`: the same for every attempt, so a message sent twice after a
    /// crash (sent, not yet recorded) is recognisable as one.
    public func messageID(host: String) -> String { "<outbox-\(id)-\(idempotencyKey)@\(host)>" }

    /// The recipient with most characters hidden: `+2135******56`, `a***@example.dz`.
    public var maskedRecipient: String { Self.mask(recipient) }

    public static func mask(_ recipient: String) -> String {
        let chars = Array(recipient)
        if let at = chars.firstIndex(of: "@") {
            return String(chars.prefix(min(1, at))) + "***" + String(chars[at...])
        }
        guard chars.count > 7 else { return String(repeating: "*", count: chars.count) }
        return String(chars.prefix(5)) + String(repeating: "*", count: chars.count - 7) + String(chars.suffix(2))
    }

    init?(_ row: SQLRow) {
        guard let id: Int64 = row["id"], let kind = row["kind"].flatMap(MessageKind.init(rawValue:)),
              let channel = row["channel"].flatMap(OutboxChannel.init(rawValue:)),
              let state = row["state"].flatMap(OutboxState.init(rawValue:)), let next = row["nextAttemptAt"].flatMap(Timestamp.date),
              let createdAt = row["createdAt"].flatMap(Timestamp.date), let recipient: String = row["recipient"],
              let body: String = row["body"], let language: String = row["language"], let attempts: Int = row["attempts"],
              let idempotencyKey: String = row["idempotencyKey"] else { return nil }
        self.id = id
        self.kind = kind
        self.channel = channel
        self.recipient = recipient
        subject = row["subject"]
        self.body = body
        bookingID = row["bookingId"]
        bookingReference = row["reference"]
        self.language = language
        self.state = state
        self.attempts = attempts
        nextAttemptAt = next
        notAfter = (row["notAfter"] as String?).flatMap(Timestamp.date)
        lastError = row["lastError"]
        self.createdAt = createdAt
        sentAt = (row["sentAt"] as String?).flatMap(Timestamp.date)
        self.idempotencyKey = idempotencyKey
    }
}

extension OutboxMessage: CustomStringConvertible {
    public var description: String { "OutboxMessage \(id) (\(kind.rawValue), \(channel.rawValue), \(state.rawValue))" }
}

/// A message to write into the outbox, inside the transaction of the change that causes it.
struct OutboxDraft: Sendable {
    var kind: MessageKind
    var channel: OutboxChannel
    var recipient: String
    var subject: String?
    var body: String
    var bookingID: Int64?
    var language: String
    var nextAttemptAt: Date
    var notAfter: Date?
    var idempotencyKey: String

    /// Inserts the row as pending (or `held`, with why); a row with the same idempotency key already there
    /// wins (nothing is written).
    func insert(_ db: any SQLConnection, now: Date, held: Bool = false) throws {
        try db.execute("""
            INSERT INTO outbox (kind, channel, recipient, subject, body, bookingId, language, state, attempts,
                                nextAttemptAt, notAfter, createdAt, idempotencyKey, lastError)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?)
            ON CONFLICT (idempotencyKey) DO NOTHING
            """, [kind.rawValue, channel.rawValue, recipient, subject, body, bookingID, language,
                             held ? OutboxState.held.rawValue : OutboxState.pending.rawValue,
                             Timestamp.string(nextAttemptAt), notAfter.map(Timestamp.string), Timestamp.string(now),
                             idempotencyKey, held ? OutboxChannel.unconfiguredError(channel) : nil])
    }
}
