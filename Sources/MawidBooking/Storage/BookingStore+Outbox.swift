import Foundation
import MawidStorage

/// The outbox as the command line and `OutboxWorker` see it.
extension BookingStore {
    /// Messages with their booking's reference, oldest first: those not sent yet (pending, held, failed),
    /// or every one with `all`.
    public func outbox(all: Bool = false, limit: Int = 1000) async throws -> [OutboxMessage] {
        try await database.engine.read { db in
            try db.fetchAll("""
                SELECT o.*, b.reference FROM outbox o LEFT JOIN booking b ON b.id = o.bookingId
                \(all ? "" : "WHERE o.state <> 'sent'") ORDER BY o.id LIMIT ?
                """, [max(0, limit)])
                .compactMap(OutboxMessage.init)
        }
    }

    /// The messages of one booking, oldest first.
    public func outbox(bookingID: Int64) async throws -> [OutboxMessage] {
        try await database.engine.read { db in
            try db.fetchAll("SELECT * FROM outbox WHERE bookingId = ? ORDER BY id", [bookingID])
                .compactMap(OutboxMessage.init)
        }
    }

    /// Sends a message again as soon as possible: pending, due `now`, attempts back to 0. A sent message is
    /// left alone. Returns false if there is no such message or it was sent.
    @discardableResult
    public func retryOutbox(id: Int64, now: Date) async throws -> Bool {
        try await database.engine.write { db in
            try db.execute("""
                UPDATE outbox SET state = 'pending', attempts = 0, nextAttemptAt = ?, lastError = NULL
                WHERE id = ? AND state <> 'sent'
                """, [Timestamp.string(now), id])
            return db.changesCount > 0
        }
    }

    /// `retryOutbox` for every failed message; returns how many.
    @discardableResult
    public func retryFailedOutbox(now: Date) async throws -> Int {
        try await database.engine.write { db in
            try db.execute("""
                UPDATE outbox SET state = 'pending', attempts = 0, nextAttemptAt = ?, lastError = NULL WHERE state = 'failed'
                """, [Timestamp.string(now)])
            return db.changesCount
        }
    }

    // MARK: For the practice area

    /// The messages of the bookings of `doctors` (nil: every message, digests included), newest first, at most
    /// `limit`; each with its booking's reference.
    public func outbox(doctors: [String]?, limit: Int = 200) async throws -> [OutboxMessage] {
        guard let visible = DoctorFilter(doctors) else { return [] }
        let arguments = (visible.arguments.map(\.sqlValue) + [max(0, limit).sqlValue])
        return try await database.engine.read { db in
            try db.fetchAll("""
                SELECT o.*, b.reference FROM outbox o \(doctors == nil ? "LEFT " : "")JOIN booking b ON b.id = o.bookingId
                WHERE \(doctors == nil ? "1 = 1" : "b." + visible.sql) ORDER BY o.id DESC LIMIT ?
                """, SQLArguments(arguments))
                .compactMap(OutboxMessage.init)
        }
    }

    /// Sends a failed message of a booking of `doctors` (nil: any) again now, as `retryOutbox`. Returns false if
    /// there is no such failed message the caller may see.
    @discardableResult
    public func retryFailedOutbox(id: Int64, doctors: [String]?, now: Date) async throws -> Bool {
        guard let visible = DoctorFilter(doctors) else { return false }
        let arguments = [Timestamp.string(now).sqlValue, id.sqlValue] + visible.arguments.map(\.sqlValue)
        return try await database.engine.write { db in
            try db.execute("""
                UPDATE outbox SET state = 'pending', attempts = 0, nextAttemptAt = ?, lastError = NULL
                WHERE id = ? AND state = 'failed'
                  AND (\(doctors == nil ? "1 = 1" : "1 = 0") OR bookingId IN (SELECT id FROM booking b WHERE b.\(visible.sql)))
                """, SQLArguments(arguments))
            return db.changesCount > 0
        }
    }

    /// How many rows of the outbox are in each state, by channel (one `GROUP BY`; for the metrics).
    public func outboxCounts() async throws -> [OutboxState: [OutboxChannel: Int]] {
        try await database.engine.read { db in
            var counts: [OutboxState: [OutboxChannel: Int]] = [:]
            for row in try db.fetchAll("SELECT state, channel, COUNT(*) AS n FROM outbox GROUP BY state, channel") {
                guard let state = row["state"].flatMap(OutboxState.init(rawValue:)),
                      let channel = row["channel"].flatMap(OutboxChannel.init(rawValue:)) else {
                    continue
                }
                counts[state, default: [:]][channel] = row["n"] ?? 0
            }
            return counts
        }
    }

    // MARK: For the worker

    /// Up to `limit` pending messages due at `now`, oldest due first, for this worker to send.
    ///
    /// On PostgreSQL, where several servers share the outbox, they are claimed: not due again before
    /// `now + lease`, so the other servers' workers leave them alone (and skip rows being claimed:
    /// `FOR UPDATE SKIP LOCKED`); a worker that dies before `recordAttempt` leaves them due again once the lease
    /// ends. On SQLite (one server) nothing is claimed: a server killed mid-send sends them again as soon as it
    /// is back. Either way a message sent again carries the same ids.
    func claimDueOutbox(now: Date, limit: Int, lease: TimeInterval) async throws -> [OutboxMessage] {
        try await database.engine.write { db in
            let messages = try db.fetchAll("""
                SELECT * FROM outbox WHERE state = 'pending' AND nextAttemptAt <= ? ORDER BY nextAttemptAt, id LIMIT ?
                \(db.dialect.pick(sqlite: "", postgres: "FOR UPDATE SKIP LOCKED"))
                """, [Timestamp.string(now), limit]).compactMap(OutboxMessage.init)
            guard !messages.isEmpty, db.dialect == .postgres else { return messages }
            let ids = messages.map(\.id)
            try db.execute("UPDATE outbox SET nextAttemptAt = ? WHERE id IN \(ids.sqlPlaceholders)",
                           SQLArguments([Timestamp.string(now.addingTimeInterval(lease))] + ids))
            return messages
        }
    }

    /// Records the outcome of one attempt: sent, or failed (attempts + 1) and either retried at `retryAt`
    /// or given up (`retryAt` nil: state `failed`). `error` must hold no patient data.
    func recordAttempt(id: Int64, sent: Bool, error: String?, retryAt: Date?, now: Date) async throws {
        try await database.engine.write { db in
            if sent {
                try db.execute("UPDATE outbox SET state = 'sent', sentAt = ?, attempts = attempts + 1, lastError = NULL WHERE id = ?",
                               [Timestamp.string(now), id])
            } else {
                try db.execute("""
                    UPDATE outbox SET state = ?, attempts = attempts + 1, lastError = ?, nextAttemptAt = COALESCE(?, nextAttemptAt)
                    WHERE id = ?
                    """, [retryAt == nil ? "failed" : "pending", error, retryAt.map(Timestamp.string), id])
            }
        }
    }

    /// Sets a message's state without an attempt: `held` (no channel) or `failed` (too late, with why).
    func setOutboxState(id: Int64, _ state: OutboxState, error: String? = nil) async throws {
        try await database.engine.write { db in
            try db.execute("UPDATE outbox SET state = ?, lastError = COALESCE(?, lastError) WHERE id = ?",
                           [state.rawValue, error, id])
        }
    }

    /// Held messages of `channels` become pending again (a channel was configured since); returns how many.
    func releaseHeld(channels: [OutboxChannel], now: Date) async throws -> Int {
        guard !channels.isEmpty else { return 0 }
        let names = channels.map(\.rawValue)
        return try await database.engine.write { db in
            try db.execute("UPDATE outbox SET state = 'pending', nextAttemptAt = ? WHERE state = 'held' AND channel IN \(names.sqlPlaceholders)",
                           SQLArguments([Timestamp.string(now)] + names))
            return db.changesCount
        }
    }

    /// Due messages of the `unconfigured` channels become `held`, in one statement per channel (a burst of
    /// bookings with no channel configured costs one transaction, not one per message); returns how many.
    func holdUnsendable(unconfigured: Set<OutboxChannel>, now: Date) async throws -> Int {
        guard !unconfigured.isEmpty else { return 0 }
        return try await database.engine.write { db in
            var count = 0
            for channel in unconfigured {
                try db.execute("""
                    UPDATE outbox SET state = 'held', lastError = ?
                    WHERE state = 'pending' AND channel = ? AND nextAttemptAt <= ?
                    """, [OutboxChannel.unconfiguredError(channel), channel.rawValue, Timestamp.string(now)])
                count += db.changesCount
            }
            return count
        }
    }

    /// True while booking `id` is confirmed (reminders go to confirmed visits only).
    func isConfirmed(bookingID id: Int64) async throws -> Bool {
        try await database.engine.read { db in
            try db.value("SELECT status FROM booking WHERE id = ?", [id], as: String.self) == BookingStatus.confirmed.rawValue
        }
    }

    /// Open offers past their end expire and pass to the next waiting patient; returns how many expired.
    func expireOffers(now: Date) async throws -> Int {
        let notifications = notifications
        return try await database.engine.write { db in
            if let notifier = try notifications.notifier(db, now: now) { return try notifier.expireOffers() }
            try db.execute("UPDATE offer SET state = 'expired' WHERE state = 'open' AND expiresAt <= ?",
                           [Timestamp.string(now)])
            return db.changesCount
        }
    }

    /// Deletes sent messages, and failed ones, last changed before `cutoff` (they hold patient data).
    func purgeOutbox(before cutoff: Date) async throws -> Int {
        try await database.engine.write { db in
            try db.execute("""
                DELETE FROM outbox WHERE (state = 'sent' AND sentAt < ?) OR (state = 'failed' AND nextAttemptAt < ?)
                """, [Timestamp.string(cutoff), Timestamp.string(cutoff)])
            return db.changesCount
        }
    }
}
