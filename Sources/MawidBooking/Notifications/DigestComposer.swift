import Foundation
import GRDB

extension BookingStore {
    /// Turns the waiting lines of each account whose oldest line is at least `interval` old into one digest
    /// email in the outbox (the lines are then deleted, in the same transaction). Returns how many digests.
    func composeDigests(now: Date, interval: TimeInterval) async throws -> Int {
        let notifications = notifications
        return try await database.dbWriter.write { db in
            guard let context = notifications.context else { return 0 }
            let accounts = try Int64.fetchAll(db, sql: """
                SELECT accountId FROM digestItem GROUP BY accountId HAVING MIN(createdAt) <= ?
                """, arguments: [Timestamp.string(now.addingTimeInterval(-interval))])
            var made = 0
            for accountID in accounts {
                let items = try Row.fetchAll(db, sql: "SELECT id, line FROM digestItem WHERE accountId = ? ORDER BY id",
                                             arguments: [accountID])
                guard let first = items.first, let last = items.last else { continue }
                if let email = try String.fetchOne(db, sql: "SELECT email FROM account WHERE id = ?", arguments: [accountID]) {
                    let lang = context.templates.defaultLanguage
                    let lines = items.map { "- " + ($0["line"] as String) }.joined(separator: "\n")
                    let message = MessageRenderer(templates: context.templates).render(.digest, language: lang, values: [
                        "site": context.siteTitle(lang), "count": String(items.count), "lines": lines,
                        "link": context.publicBaseURL + "/review/",
                    ])
                    let draft = OutboxDraft(kind: .digest, channel: .email, recipient: email, subject: message.subject,
                                            body: message.body, bookingID: nil, language: message.language, nextAttemptAt: now,
                                            notAfter: nil, idempotencyKey: "digest-acc\(accountID)-i\(first["id"] as Int64)")
                    try draft.insert(db, now: now)
                    made += 1
                }
                try db.execute(sql: "DELETE FROM digestItem WHERE accountId = ? AND id <= ?",
                               arguments: [accountID, last["id"] as Int64])
            }
            return made
        }
    }
}
