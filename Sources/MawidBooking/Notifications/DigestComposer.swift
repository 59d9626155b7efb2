import Foundation
import MawidStorage

extension BookingStore {
    /// Turns the waiting lines of each account whose oldest line is at least `interval` old into one digest
    /// email in the outbox (the lines are then deleted, in the same transaction). Returns how many digests.
    func composeDigests(now: Date, interval: TimeInterval) async throws -> Int {
        let notifications = notifications
        return try await database.engine.write { db in
            guard let context = notifications.context else { return 0 }
            let accounts = try db.values("""
                SELECT accountId FROM digestItem GROUP BY accountId HAVING MIN(createdAt) <= ?
                """, [Timestamp.string(now.addingTimeInterval(-interval))], as: Int64.self)
            var made = 0
            for accountID in accounts {
                let items = try db.fetchAll("SELECT id, line FROM digestItem WHERE accountId = ? ORDER BY id", [accountID])
                guard let first: Int64 = items.first?["id"], let last: Int64 = items.last?["id"] else { continue }
                if let email = try db.value("SELECT email FROM account WHERE id = ?", [accountID], as: String.self) {
                    let lang = context.templates.defaultLanguage
                    let lines = items.map { "- " + ($0["line"] ?? "") }.joined(separator: "\n")
                    let message = MessageRenderer(templates: context.templates).render(.digest, language: lang, values: [
                        "site": context.siteTitle(lang), "count": String(items.count), "lines": lines,
                        "link": context.publicBaseURL + "/review/",
                    ])
                    let draft = OutboxDraft(kind: .digest, channel: .email, recipient: email, subject: message.subject,
                                            body: message.body, bookingID: nil, language: message.language, nextAttemptAt: now,
                                            notAfter: nil, idempotencyKey: "digest-acc\(accountID)-i\(first)")
                    try draft.insert(db, now: now)
                    made += 1
                }
                try db.execute("DELETE FROM digestItem WHERE accountId = ? AND id <= ?", [accountID, last])
            }
            return made
        }
    }
}
