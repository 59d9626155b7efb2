import Foundation
import MawidDelivery
import GRDB
import MawidSite
import MawidTestSupport
import Testing
@testable import MawidBooking

/// `OutboxWorker`: sending, retries with back-off, stable ids, reminders after downtime, held messages.
@Suite struct OutboxWorkerTests {
    let now = instant("2025-03-18T06:00:00Z")
    /// Thursday 10:30 in Algiers = 09:30 UTC.
    let thursday = slot("2025-03-20", "10:30")

    func worker(_ store: BookingStore, email: FakeChannel? = FakeChannel(), sms: FakeChannel? = FakeChannel(),
                configure: (inout NotificationSettings) -> Void = { _ in }) -> OutboxWorker {
        var settings = testSettings()
        configure(&settings)
        var channels: [OutboxChannel: any MessageChannel] = [:]
        channels[.email] = email
        channels[.sms] = sms
        return OutboxWorker(store: store, settings: settings, channels: channels)
    }

    @Test func dueMessagesAreSentAndRecorded() async throws {
        let store = try makeNotifyingStore()
        let created = try await store.create(makeRequest(thursday, language: "fr"), now: now)
        let email = FakeChannel(), sms = FakeChannel()
        let report = try await worker(store, email: email, sms: sms).runOnce(now: now)
        #expect(report.sent == 2)
        #expect(email.sent.map(\.recipient) == ["karim@example.dz"])
        #expect(email.sent.first?.subject == "Demande de rendez-vous reçue (\(created.reference))")
        #expect(sms.sent.map(\.recipient) == ["+213550123456"])
        let rows = try await store.allOutbox()
        #expect(rows.allSatisfy { $0.state == .sent && $0.sentAt == now && $0.attempts == 1 })
        #expect(try await worker(store).runOnce(now: now).sent == 0)
    }

    @Test func failuresAreRetriedWithExponentialBackOffThenSent() async throws {
        let store = try makeNotifyingStore()
        _ = try await store.create(makeRequest(thursday, language: "fr", email: nil), now: now)
        let sms = FakeChannel(failures: 3)
        let worker = worker(store, sms: sms)
        var at = now
        for (attempt, delay) in [(1, 60.0), (2, 120.0), (3, 240.0)] {
            let report = try await worker.runOnce(now: at)
            #expect(report.retried == 1)
            let row = try #require(try await store.allOutbox().first)
            #expect(row.state == .pending && row.attempts == attempt)
            #expect(row.nextAttemptAt == at.addingTimeInterval(delay))
            #expect(row.lastError == "SMTP RCPT TO refused (451)")
            // Not before its time.
            #expect(try await worker.runOnce(now: at.addingTimeInterval(delay - 1)).retried == 0)
            at = at.addingTimeInterval(delay)
        }
        #expect(try await worker.runOnce(now: at).sent == 1)
        #expect(try await store.allOutbox().first?.state == .sent)
        #expect(sms.sent.count == 1)
    }

    @Test func theDelayIsCappedAndTheWorkerGivesUp() async throws {
        var settings = testSettings()
        #expect(settings.retryDelay(afterAttempts: 1) == 60)
        #expect(settings.retryDelay(afterAttempts: 9) == 60 * 256)
        #expect(settings.retryDelay(afterAttempts: 20) == 6 * 3600)
        settings.maxAttempts = 3
        let store = try makeNotifyingStore()
        _ = try await store.create(makeRequest(thursday, language: "fr", email: nil), now: now)
        let worker = OutboxWorker(store: store, settings: settings, channels: [.sms: FakeChannel(failures: 100)])
        var report = OutboxRunReport()
        for hour in 0..<3 { report = try await worker.runOnce(now: now.addingTimeInterval(Double(hour) * 3600)) }
        #expect(report.failed == 1)
        let row = try #require(try await store.allOutbox().first)
        #expect(row.state == .failed && row.attempts == 3)
        #expect(try await worker.runOnce(now: now.addingTimeInterval(86_400)).failed == 0)
        // `mawid outbox retry --failed` puts it back.
        #expect(try await store.retryFailedOutbox(now: now) == 1)
        #expect(try await store.allOutbox().first?.state == .pending)
    }

    @Test func aPermanentRefusalFailsAtOnce() async throws {
        let store = try makeNotifyingStore()
        _ = try await store.create(makeRequest(thursday, language: "fr", email: nil), now: now)
        let refusing = FakeChannel(failures: 1, error: DeliveryError("the SMS gateway answered 400", permanent: true))
        #expect(try await worker(store, sms: refusing).runOnce(now: now).failed == 1)
        let row = try #require(try await store.allOutbox().first)
        #expect(row.state == .failed && row.lastError == "the SMS gateway answered 400")
    }

    @Test func aCrashBetweenSendingAndRecordingSendsAgainWithTheSameIds() async throws {
        let store = try makeNotifyingStore()
        _ = try await store.create(makeRequest(thursday, language: "fr"), now: now)
        let email = FakeChannel(), sms = FakeChannel()
        let worker = worker(store, email: email, sms: sms)
        // The first run claims and sends, then "crashes" before recording anything.
        for message in try await store.claimDueOutbox(now: now, limit: 10, lease: OutboxWorker.claimLease) {
            try await (message.channel == .email ? email : sms).send(worker.outgoing(message, now: now))
        }
        #expect(try await store.allOutbox().allSatisfy { $0.state == .pending })
        if TestDatabases.usesPostgres {
            // Claimed (several servers may share the outbox): no worker sends them before the lease ends.
            #expect(try await worker.runOnce(now: now.addingTimeInterval(30)).sent == 0)
            try await worker.runOnce(now: now.addingTimeInterval(OutboxWorker.claimLease + 1))
        } else {
            // The restarted server sends them again at once.
            try await worker.runOnce(now: now.addingTimeInterval(30))
        }
        // Same Message-ID and idempotency key.
        #expect(email.sent.count == 2 && sms.sent.count == 2)
        #expect(email.sent[0].messageID == email.sent[1].messageID)
        #expect(email.sent[0].messageID.hasPrefix("<outbox-1-b1-a1-received-email@mawid.example.dz>"))
        #expect(sms.sent[0].idempotencyKey == sms.sent[1].idempotencyKey)
    }

    @Test func withoutAChannelMessagesAreHeldThenSentOnceOneIsConfigured() async throws {
        let store = try makeNotifyingStore()
        _ = try await store.create(makeRequest(thursday, language: "fr"), now: now)
        let report = try await worker(store, email: nil, sms: nil).runOnce(now: now)
        #expect(report.held == 2)
        let held = try await store.outbox()
        #expect(held.map(\.state) == [.held, .held])
        #expect(held.first?.lastError == "no email channel configured")
        let sms = FakeChannel()
        #expect(try await worker(store, email: nil, sms: sms).runOnce(now: now).sent == 1)
        #expect(sms.sent.count == 1)
        #expect(try await store.outbox().map(\.channel) == [.email])
    }

    @Test func remindersDueWhileTheServerWasDownAreSentWhenItIsBack() async throws {
        let store = try makeNotifyingStore(policy: NotificationPolicy(reminders: [48 * 3600, 2 * 3600]))
        let created = try await store.create(makeRequest(slot("2025-03-23", "09:00"), language: "fr"), now: now)
        try await store.act(.confirm, created.id, at: now)
        let email = FakeChannel(), sms = FakeChannel()
        let worker = worker(store, email: email, sms: sms)
        try await worker.runOnce(now: now)
        #expect(email.sent.map(\.kind) == ["received", "confirmed"])
        // The server was down from Tuesday until Sunday 08:30 (visit at 09:00): both reminders go now.
        try await worker.runOnce(now: instant("2025-03-23T07:30:00Z"))
        #expect(email.sent.map(\.kind) == ["received", "confirmed", "reminder", "reminder"])
        #expect(sms.sent.last?.body.hasPrefix("Rappel : RDV avec Dr Amina Haddad dim. 23/03 à 09:00") == true)
    }

    @Test func remindersOfStartedOrCancelledVisitsAreNotSent() async throws {
        let store = try makeNotifyingStore(policy: NotificationPolicy(reminders: [48 * 3600, 2 * 3600]))
        let started = try await store.createByPractice(makeRequest(slot("2025-03-23", "09:00"), language: "fr"), actor: "amina", now: now)
        let cancelled = try await store.createByPractice(makeRequest(slot("2025-03-23", "10:00"), language: "fr"), actor: "amina", now: now)
        try await store.act(.patientCancel, cancelled.id, actor: "patient", at: now)
        #expect(try await store.outbox(bookingID: cancelled.id).map(\.kind) == [.confirmed, .confirmed])
        let email = FakeChannel(), sms = FakeChannel()
        let worker = worker(store, email: email, sms: sms)
        try await worker.runOnce(now: now)
        // Back only once the visit has started.
        let report = try await worker.runOnce(now: instant("2025-03-23T08:05:00Z"))
        #expect(report.failed == 4 && report.sent == 0)
        #expect(email.sent.map(\.kind) == ["confirmed", "confirmed"])
        let late = try await store.outbox(bookingID: started.id).filter { $0.kind == .reminder }
        #expect(late.allSatisfy { $0.state == .failed && $0.lastError?.hasPrefix("too late") == true })
    }

    @Test func aMovedVisitGetsItsRemindersAgain() async throws {
        let store = try makeNotifyingStore()
        let created = try await store.createByPractice(makeRequest(slot("2025-03-23", "09:00"), language: "fr"), actor: "amina", now: now)
        try await store.act(.propose(slot("2025-03-24", "09:00")), created.id, at: now)
        #expect(try await store.outbox(bookingID: created.id).filter { $0.kind == .reminder }.isEmpty)
        try await store.act(.patientAccept, created.id, actor: "patient", at: now)
        let reminders = try await store.outbox(bookingID: created.id).filter { $0.kind == .reminder }
        #expect(reminders.map(\.nextAttemptAt) == [instant("2025-03-22T08:00:00Z"), instant("2025-03-22T08:00:00Z")])
    }

    @Test func sentMessagesAreDeletedAfterTheRetention() async throws {
        let store = try makeNotifyingStore()
        _ = try await store.create(makeRequest(thursday, language: "fr"), now: now)
        let worker = worker(store)
        try await worker.runOnce(now: now)
        #expect(try await worker.runOnce(now: now.addingTimeInterval(29 * 86_400)).purged == 0)
        #expect(try await worker.runOnce(now: now.addingTimeInterval(31 * 86_400)).purged == 2)
        #expect(try await store.allOutbox().isEmpty)
    }

    @Test func startAndStop() async throws {
        let store = try makeNotifyingStore()
        _ = try await store.create(makeRequest(thursday, language: "fr"), now: Date())
        let sms = FakeChannel()
        let worker = worker(store, sms: sms) { $0.pollInterval = 0.05 }
        await worker.start()
        for _ in 0..<100 where sms.sent.isEmpty { try await Task.sleep(nanoseconds: 20_000_000) }
        await worker.stop()
        #expect(sms.sent.count == 1)
    }

    /// A burst of bookings fills more than one batch: the worker goes on at once instead of waiting a poll.
    @Test func aBacklogIsSentWithoutWaitingForTheNextPoll() async throws {
        let store = try makeNotifyingStore()
        for minutes in [8 * 60, 8 * 60 + 30, 9 * 60] {
            _ = try await store.create(makeRequest(Slot(date: thursday.date, time: ClockTime(minutes: minutes)!), language: "fr"),
                                       now: Date())
        }
        let email = FakeChannel(), sms = FakeChannel()
        let worker = worker(store, email: email, sms: sms) {
            $0.batchSize = 2
            $0.pollInterval = 3600
        }
        await worker.start()
        for _ in 0..<250 where email.sent.count + sms.sent.count < 6 { try await Task.sleep(nanoseconds: 20_000_000) }
        await worker.stop()
        #expect(email.sent.count == 3 && sms.sent.count == 3)
    }
}
