import GRDB

extension Schema {
    /// Notifications: the outbox of emails and SMS (written in the same transaction as the change that
    /// causes them), the server's secret for message links, the waitlist and its offers of freed slots,
    /// the practice accounts' contact details and their digests.
    static func v4(_ db: Database) throws {
        try db.create(table: "outbox") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("kind", .text).notNull()              // MessageKind.rawValue
            t.column("channel", .text).notNull()           // email | sms
            t.column("recipient", .text).notNull()         // address or E.164 number
            t.column("subject", .text)                     // emails only
            t.column("body", .text).notNull()
            t.column("bookingId", .integer).indexed().references("booking", onDelete: .setNull)
            t.column("language", .text).notNull()
            t.column("state", .text).notNull()             // pending | sent | failed | held
            t.column("attempts", .integer).notNull().defaults(to: 0)
            t.column("nextAttemptAt", .text).notNull()     // ISO-8601 UTC; a reminder's due time
            t.column("notAfter", .text)                    // not sent from then on (visit started, offer expired)
            t.column("lastError", .text)                   // never patient data
            t.column("createdAt", .text).notNull()
            t.column("sentAt", .text)
            t.column("idempotencyKey", .text).notNull().unique()
        }
        try db.create(index: "outbox_due", on: "outbox", columns: ["state", "nextAttemptAt"])

        try db.create(table: "setting") { t in
            t.primaryKey("key", .text)
            t.column("value", .text).notNull()
        }
        // The key of message links (`MessageToken`): made once, with the database.
        try db.execute(sql: "INSERT INTO setting (key, value) VALUES (?, ?)",
                       arguments: [messageSecretKey, Hex.string(SecureRandom.bytes(32))])

        try db.create(table: "waitlist") { t in
            t.primaryKey("bookingId", .integer).references("booking", onDelete: .cascade)
            t.column("createdAt", .text).notNull()
            t.column("active", .boolean).notNull().defaults(to: true)
        }
        try db.create(table: "offer") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("bookingId", .integer).notNull().indexed().references("booking", onDelete: .cascade)
            t.column("doctor", .text).notNull()            // the freed slot
            t.column("date", .text).notNull()
            t.column("time", .text).notNull()
            t.column("expiresAt", .text).notNull()
            t.column("state", .text).notNull()             // open | accepted | expired | declined
            t.column("createdAt", .text).notNull()
        }
        try db.create(index: "offer_slot", on: "offer", columns: ["doctor", "date", "time"])
        try db.create(index: "offer_state", on: "offer", columns: ["state", "expiresAt"])

        try db.alter(table: "account") { t in
            t.add(column: "email", .text)
            t.add(column: "phone", .text)                  // E.164
            t.add(column: "notify", .text).notNull().defaults(to: "immediate")  // immediate | digest | none
        }
        // Lines waiting for an account's next digest email.
        try db.create(table: "digestItem") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("accountId", .integer).notNull().indexed().references("account", onDelete: .cascade)
            t.column("line", .text).notNull()
            t.column("createdAt", .text).notNull()
        }
    }

    static let messageSecretKey = "messageSecret"
}
