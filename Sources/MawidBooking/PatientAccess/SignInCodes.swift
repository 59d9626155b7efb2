import Crypto
import Foundation
import MawidStorage

/// One-time codes sent by SMS to see every booking made with a phone number ("My appointments"): no account,
/// no password. A code has `digits` digits, lives `lifetime`, dies after `maxAttempts` wrong tries, when
/// used, or when a newer one is asked for. A number may ask `perHour` codes an hour and `perDay` a day (the
/// server adds limits per client).
///
/// Nothing tells whether a number has bookings: every number is answered, counted and checked the same way,
/// but an SMS is written only for a number with bookings (its row has no code otherwise, so every code is
/// wrong). Neither the number nor the code is stored in `signInCode`, only HMACs of them (`Keys`); the SMS
/// text in the outbox holds the code until it is sent or too late, then `masked`.
public struct SignInCodes: Sendable {
    public static let digits = 6
    public static let lifetime: TimeInterval = 10 * 60
    public static let maxAttempts = 5
    public static let perHour = 3
    public static let perDay = 10
    /// Rows are kept this long (the limits per number look back a day).
    static let retention: TimeInterval = 24 * 3600

    public let store: BookingStore

    public init(store: BookingStore) { self.store = store }

    /// The answer to a request for a code.
    public enum Request: Sendable, Equatable {
        /// Written (and an SMS, if the number has bookings).
        case accepted
        /// Too many codes for this number lately: `retryAfter` seconds until the next one may be asked.
        case limited(retryAfter: Int)
    }

    /// The answer to a code typed.
    public enum Check: Sendable, Equatable {
        /// Right: the number may see its bookings (the code is used up).
        case valid
        /// Wrong; `attemptsLeft` more tries with this code (0: it is dead now).
        case wrong(attemptsLeft: Int)
        /// No live code for this number: none asked, expired, used, replaced or dead.
        case noCode
    }

    /// Asks for a code for `phone` (E.164): counts it against the number's limits, ends the number's earlier
    /// codes, and writes the SMS (in `language`) when the number has bookings and messages are on.
    public func request(phone: String, language: String, now: Date) async throws -> Request {
        let hasBookings = try await store.hasBookings(phone: phone)
        let notifications = store.notifications
        return try await store.database.engine.write { db in
            let keys = try Keys(secret: notifications.secret(db))
            let phoneKey = keys.phone(phone)
            try db.execute("DELETE FROM signInCode WHERE createdAt < ?",
                           [Timestamp.string(now.addingTimeInterval(-Self.retention))])
            let recent = try db.values("""
                SELECT createdAt FROM signInCode WHERE phoneKey = ? AND createdAt > ? ORDER BY createdAt
                """, [phoneKey, Timestamp.string(now.addingTimeInterval(-Self.retention))], as: String.self)
                .compactMap(Timestamp.date)
            if recent.count >= Self.perDay {
                return .limited(retryAfter: Self.seconds(until: recent[recent.count - Self.perDay].addingTimeInterval(Self.retention), from: now))
            }
            let lastHour = recent.filter { $0 > now.addingTimeInterval(-3600) }
            if lastHour.count >= Self.perHour {
                return .limited(retryAfter: Self.seconds(until: lastHour[lastHour.count - Self.perHour].addingTimeInterval(3600), from: now))
            }
            let stamp = Timestamp.string(now)
            for earlier in try db.values("SELECT id FROM signInCode WHERE phoneKey = ? AND usedAt IS NULL",
                                         [phoneKey], as: Int64.self) {
                try db.execute("UPDATE signInCode SET usedAt = ? WHERE id = ?", [stamp, earlier])
                try Self.endMessages(db, codeID: earlier)
            }
            let code = hasBookings ? Self.newCode() : nil
            let salt = Hex.string(SecureRandom.bytes(16))
            let expires = now.addingTimeInterval(Self.lifetime)
            let id = try db.insertReturningID("""
                INSERT INTO signInCode (phoneKey, codeHash, salt, createdAt, expiresAt, attempts) VALUES (?, ?, ?, ?, ?, 0)
                """, [phoneKey, code.map { keys.code($0, phone: phone, salt: salt) }, salt, stamp, Timestamp.string(expires)])
            if let code, let context = notifications.context {
                let message = MessageRenderer(templates: context.templates).render(.loginCode, language: language, values: [
                    "site": context.siteTitle(context.templates.language(language).code), "code": code,
                    "minutes": String(Int(Self.lifetime / 60)), "link": context.apiURL + "/my",
                ], email: false)
                try OutboxDraft(kind: .loginCode, channel: .sms, recipient: phone, subject: nil, body: message.sms ?? "",
                                bookingID: nil, language: message.language, nextAttemptAt: now, notAfter: expires,
                                idempotencyKey: Self.idempotencyKey(codeID: id))
                    .insert(db, now: now, held: context.heldChannels.contains(.sms))
            }
            return .accepted
        }
    }

    /// Checks `code` (spaces and Arabic-Indic digits allowed) against the number's live code. A right one is
    /// used up (and its SMS text masked); a wrong one counts, and the `maxAttempts`-th kills the code.
    /// The comparison takes the same time whatever the code typed.
    public func check(phone: String, code typed: String, now: Date) async throws -> Check {
        let notifications = store.notifications
        let code = Self.normalized(typed)
        return try await store.database.engine.write { db in
            let keys = try Keys(secret: notifications.secret(db))
            guard let row = try db.fetchOne("""
                SELECT * FROM signInCode WHERE phoneKey = ? AND usedAt IS NULL ORDER BY id DESC LIMIT 1
                """, [keys.phone(phone)]),
                  let expires = row["expiresAt"].flatMap(Timestamp.date), now < expires, let id: Int64 = row["id"],
                  (row["attempts"] ?? Int.max) < Self.maxAttempts
            else { return .noCode }
            let stored: String? = row["codeHash"]
            // Hashed even when there is nothing to compare with: the same work for every number.
            let given = keys.code(code ?? "", phone: phone, salt: row["salt"] ?? "")
            let right = MessageToken.constantTimeEqual(Array(given.utf8), Array((stored ?? "").utf8)) && stored != nil && code != nil
            let stamp = Timestamp.string(now)
            if right {
                try db.execute("UPDATE signInCode SET usedAt = ? WHERE id = ?", [stamp, id])
                try Self.endMessages(db, codeID: id)
                return .valid
            }
            let attempts = (row["attempts"] ?? 0) + 1
            let dead = attempts >= Self.maxAttempts
            try db.execute("UPDATE signInCode SET attempts = ?, usedAt = ? WHERE id = ?",
                           [attempts, dead ? stamp : nil, id])
            if dead { try Self.endMessages(db, codeID: id) }
            return .wrong(attemptsLeft: Self.maxAttempts - attempts)
        }
    }

    /// `typed` as `digits` ASCII digits (spaces, dashes and dots dropped; Arabic-Indic and Persian digits
    /// read as theirs), or nil when it is not a code.
    public static func normalized(_ typed: String) -> String? {
        var out = ""
        for scalar in typed.unicodeScalars {
            switch scalar.value {
            case 0x30...0x39: out.unicodeScalars.append(scalar)
            case 0x0660...0x0669: out += String(scalar.value - 0x0660)
            case 0x06F0...0x06F9: out += String(scalar.value - 0x06F0)
            case 0x20, 0x2D, 0x2E, 0xA0: continue
            default: return nil
            }
            if out.count > digits { return nil }
        }
        return out.count == digits ? out : nil
    }

    /// A text with every run of `digits` digits or more hidden: what the outbox keeps of a code's SMS.
    public static func masked(_ text: String) -> String {
        text.replacing(/[0-9]{6,}/) { String(repeating: "•", count: $0.output.count) }
    }

    /// `digits` random digits, uniform (rejection sampling over 32 random bits).
    static func newCode() -> String {
        let range: UInt32 = 1_000_000
        let limit = UInt32.max - UInt32.max % range
        while true {
            let bytes = SecureRandom.bytes(4)
            let value = bytes.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            guard value < limit else { continue }
            let text = String(value % range)
            return String(repeating: "0", count: digits - text.count) + text
        }
    }

    static func seconds(until date: Date, from now: Date) -> Int { max(1, Int(date.timeIntervalSince(now).rounded(.up))) }

    /// The SMS of code `codeID` once the code is no longer valid (used, replaced, dead): not sent if it has not
    /// gone yet, and its text masked.
    static func endMessages(_ db: any SQLConnection, codeID: Int64) throws {
        let key = idempotencyKey(codeID: codeID)
        try db.execute("""
            UPDATE outbox SET state = 'failed', lastError = 'the code is no longer valid'
            WHERE idempotencyKey = ? AND state IN ('pending', 'held')
            """, [key])
        try mask(db, where: "idempotencyKey = ?", [key])
    }

    static func idempotencyKey(codeID: Int64) -> String { "login\(codeID)-\(MessageKind.loginCode.rawValue)-sms" }

    /// Masks the text of the code SMS `condition` selects.
    static func mask(_ db: any SQLConnection, where condition: String, _ arguments: [any SQLValueConvertible]) throws {
        let rows = try db.fetchAll("SELECT id, body FROM outbox WHERE \(condition) AND kind = ?",
                                    SQLArguments(arguments + [MessageKind.loginCode.rawValue]))
        for row in rows {
            let body: String = row["body"] ?? ""
            let masked = Self.masked(body)
            if masked != body {
                try db.execute("UPDATE outbox SET body = ? WHERE id = ?", [masked, row["id"] as Int64?])
            }
        }
    }

    /// HMAC-SHA256 keys made from the server's secret: one for numbers, one for codes.
    struct Keys {
        let key: SymmetricKey

        init(secret: [UInt8]) {
            var hmac = HMAC<SHA256>(key: SymmetricKey(data: secret))
            hmac.update(data: Array("mawid-sign-in-codes".utf8))
            key = SymmetricKey(data: Array(hmac.finalize()))
        }

        func phone(_ phone: String) -> String { mac("phone:" + phone) }

        func code(_ code: String, phone: String, salt: String) -> String { mac("code:" + salt + ":" + phone + ":" + code) }

        private func mac(_ text: String) -> String {
            Hex.string(HMAC<SHA256>.authenticationCode(for: Array(text.utf8), using: key))
        }
    }
}

extension BookingStore {
    /// Code SMS not sent before their code expired are not sent (`failed`, too late) and their text is masked;
    /// the outbox worker calls it each round, before sending. Returns how many.
    func expireSignInCodeMessages(now: Date) async throws -> Int {
        try await database.engine.write { db in
            let stamp = Timestamp.string(now)
            let condition = "state IN ('pending', 'held') AND notAfter <= ?"
            try SignInCodes.mask(db, where: condition, [stamp])
            try db.execute("""
                UPDATE outbox SET state = 'failed', lastError = 'too late: the code expired before it was sent'
                WHERE \(condition) AND kind = ?
                """, [stamp, MessageKind.loginCode.rawValue])
            return db.changesCount
        }
    }

    /// Masks the text of code SMS `id` (`unlessPending`: only once sent or given up, not while it waits for
    /// another attempt): the code is then no longer needed anywhere.
    func maskSignInCodeMessage(id: Int64, unlessPending: Bool) async throws {
        try await database.engine.write { db in
            try SignInCodes.mask(db, where: unlessPending ? "id = ? AND state NOT IN ('pending', 'held')" : "id = ?", [id])
        }
    }
}
