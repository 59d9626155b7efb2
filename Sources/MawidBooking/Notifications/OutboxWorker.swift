import Foundation
import MawidDelivery

/// What one round of `OutboxWorker.runOnce` did. Counts only: no patient data.
public struct OutboxRunReport: Sendable, Hashable {
    public var sent = 0
    /// Failed attempts that will be retried.
    public var retried = 0
    /// Given up (too many attempts, refused for good, or too late to be useful).
    public var failed = 0
    /// No channel for them: kept as `held`.
    public var held = 0
    public var offersExpired = 0
    public var digests = 0
    public var purged = 0

    /// Messages this round looked at (sent, retried, failed or held).
    public var handled: Int { sent + retried + failed + held }
}

/// Sends the outbox: a loop started by the server (`start` / `stop`), one round at a time (`runOnce`).
///
/// Each round: open offers past their end pass to the next waiting patient; digests that are due are
/// written; held messages of configured channels become pending; then every due pending message is sent
/// through its channel and recorded as `sent`, or retried later (`retryDelay` doubled per failure, capped)
/// and `failed` after `maxAttempts`. Reminders and offers past their `notAfter` (the visit started, the
/// offer ended) and reminders of visits no longer confirmed are not sent. A crash between sending and
/// recording sends the message again with the same `Message-ID` / `Idempotency-Key`.
/// Each attempt counts in the store's `metrics` (`mawid_messages_sent_total`, `mawid_messages_failed_total`).
public actor OutboxWorker {
    public let store: BookingStore
    public let settings: NotificationSettings
    private let channels: [OutboxChannel: any MessageChannel]
    private let clock: @Sendable () -> Date
    private var loop: Task<Void, Never>?

    /// Channels from `settings`.
    public init(store: BookingStore, settings: NotificationSettings, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.init(store: store, settings: settings, channels: settings.channels(), clock: clock)
    }

    /// Given channels (tests, or a channel of your own); a channel missing here holds its messages.
    public init(store: BookingStore, settings: NotificationSettings, channels: [OutboxChannel: any MessageChannel],
                clock: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.settings = settings
        self.channels = channels
        self.clock = clock
    }

    /// Channels this worker cannot send through: their messages are kept `held`.
    public nonisolated var unconfiguredChannels: Set<OutboxChannel> {
        Set(OutboxChannel.allCases.filter { channels[$0] == nil })
    }

    /// Starts the loop: a round now, then every `pollInterval`. A failed round (database busy…) is reported
    /// to `onError` with a text free of patient data, and the loop goes on.
    public func start(onError: @escaping @Sendable (String) -> Void = { _ in }) {
        guard loop == nil else { return }
        let interval = settings.pollInterval
        loop = Task { [weak self] in
            var first = true
            while !Task.isCancelled {
                guard let self else { return }
                var backlog = false
                do {
                    // A full batch means more may be due (a burst of bookings): go on without waiting. Held
                    // messages wait for a channel configured since: only the first round can find one.
                    let report = try await self.runOnce(now: self.clock(), releasingHeld: first)
                    first = false
                    backlog = report.handled >= self.settings.batchSize
                } catch {
                    onError("outbox round failed: \(DeliveryError.summary(of: error))")
                }
                if !backlog { try? await Task.sleep(nanoseconds: UInt64(max(interval, 0.01) * 1_000_000_000)) }
            }
        }
    }

    /// Stops the loop after the message being sent, if any.
    public func stop() async {
        let running = loop
        loop = nil
        running?.cancel()
        await running?.value
    }

    /// One round at `now` (see the type's description).
    @discardableResult
    /// - Parameter releasingHeld: false skips looking for held messages of configured channels (the loop
    ///   does it once: channels do not change while it runs).
    public func runOnce(now: Date, releasingHeld: Bool = true) async throws -> OutboxRunReport {
        var report = OutboxRunReport()
        report.offersExpired = try await store.expireOffers(now: now)
        report.failed += try await store.expireSignInCodeMessages(now: now)
        report.digests = try await store.composeDigests(now: now, interval: settings.digestInterval)
        if releasingHeld { _ = try await store.releaseHeld(channels: Array(channels.keys), now: now) }
        report.held = try await store.holdUnsendable(unconfigured: unconfiguredChannels, now: now)
        // A few at a time, each claimed for this worker only (`claimDueOutbox`): the last of a claim is sent
        // well within its lease even when every send before it waits for its channel's time-out.
        var claimed = 0
        while claimed < settings.batchSize {
            let messages = try await store.claimDueOutbox(now: now, limit: min(Self.claimSize, settings.batchSize - claimed),
                                                          lease: Self.claimLease)
            if messages.isEmpty { break }
            claimed += messages.count
            for message in messages {
                try await deliver(message, now: now, report: &report)
                // A sign-in code is of no use once sent or given up: its text is masked (`SignInCodes`).
                if message.kind == .loginCode { try await store.maskSignInCodeMessage(id: message.id, unlessPending: true) }
            }
        }
        report.purged = try await store.purgeOutbox(before: now.addingTimeInterval(-settings.retention))
        return report
    }

    /// Messages claimed at once, and how long they stay this worker's (10 sends timing out at 30 s fit in it).
    static let claimSize = 10
    static let claimLease: TimeInterval = 600

    private func deliver(_ message: OutboxMessage, now: Date, report: inout OutboxRunReport) async throws {
        if let notAfter = message.notAfter, now >= notAfter {
            report.failed += 1
            return try await store.setOutboxState(id: message.id, .failed, error: "too late: not sent before \(Timestamp.string(notAfter))")
        }
        if message.kind == .reminder, let bookingID = message.bookingID, try await !store.isConfirmed(bookingID: bookingID) {
            report.failed += 1
            return try await store.setOutboxState(id: message.id, .failed, error: "the visit is no longer confirmed")
        }
        guard let channel = channels[message.channel] else {
            report.held += 1
            return try await store.setOutboxState(id: message.id, .held, error: OutboxChannel.unconfiguredError(message.channel))
        }
        do {
            try await channel.send(outgoing(message, now: now))
        } catch {
            store.metrics.messageFailed(message.channel)
            let attempts = message.attempts + 1
            let permanent = (error as? DeliveryError)?.permanent ?? false
            let giveUp = permanent || attempts >= settings.maxAttempts
            if giveUp { report.failed += 1 } else { report.retried += 1 }
            let retryAt = giveUp ? nil : now.addingTimeInterval(settings.retryDelay(afterAttempts: attempts))
            return try await store.recordAttempt(id: message.id, sent: false, error: DeliveryError.summary(of: error),
                                                 retryAt: retryAt, now: now)
        }
        report.sent += 1
        store.metrics.messageSent(message.channel)
        try await store.recordAttempt(id: message.id, sent: true, error: nil, retryAt: nil, now: now)
    }

    /// What a channel gets for an outbox row: the same ids at every attempt.
    public nonisolated func outgoing(_ message: OutboxMessage, now: Date) -> OutgoingMessage {
        OutgoingMessage(outboxID: message.id, kind: message.kind.rawValue, recipient: message.recipient, subject: message.subject,
                        body: message.body, idempotencyKey: message.idempotencyKey,
                        messageID: message.messageID(host: settings.messageIDHost), date: now)
    }
}
