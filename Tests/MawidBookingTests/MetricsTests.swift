import Foundation
import MetricsTestKit
import MawidStorage
import MawidTestSupport
import Testing
@testable import MawidBooking

/// `MawidMetrics` as the store, its writer and `OutboxWorker` record it (read back through `TestMetrics`).
@Suite struct MetricsTests {
    let now = instant("2025-03-18T06:00:00Z")
    let thursday = slot("2025-03-20", "10:30")

    @Test func eachGroupCommitRecordsItsBatchSizeOnce() async throws {
        let factory = TestMetrics()
        let store = BookingStore(database: try TestDatabases.fresh(), metrics: MawidMetrics(factory: factory))
        let count = 300
        let times = ["08:00", "08:30", "09:00", "09:30", "10:00", "10:30", "11:00", "11:30"]
        try await withThrowingTaskGroup(of: Void.self) { group in
            for n in 0..<count {
                let request = makeRequest(doctor: "d\(n / times.count)", slot("2025-03-19", times[n % times.count]))
                group.addTask { _ = try await store.create(request, now: now) }
            }
            try await group.waitForAll()
        }
        // A taken slot is no booking of its batch.
        await #expect(throws: SlotTaken.self) { try await store.create(makeRequest(doctor: "d0", slot("2025-03-19", "08:00")), now: now) }
        let batches = try factory.expectRecorder(MawidMetrics.groupCommitBatch.name).values
        #expect(batches.count == store.writer.transactions - 1)
        #expect(batches.reduce(0, +) == Double(count))
        #expect(batches.allSatisfy { $0 >= 1 && $0 <= Double(GroupCommitWriter.maxBatch) })
    }

    @Test func sentAndFailedMessagesAreCountedByChannel() async throws {
        let factory = TestMetrics()
        let store = BookingStore(database: try TestDatabases.fresh(), messages: try makeContext(),
                                 metrics: MawidMetrics(factory: factory))
        _ = try await store.create(makeRequest(thursday, language: "fr"), now: now)  // an email and an SMS
        let worker = OutboxWorker(store: store, settings: testSettings(),
                                  channels: [.email: FakeChannel(), .sms: FakeChannel(failures: 1)])
        try await worker.runOnce(now: now)
        try await worker.runOnce(now: now.addingTimeInterval(3600))  // the SMS again, after its back-off
        func total(_ metric: MetricDescription, _ channel: OutboxChannel) -> Int64 {
            factory.counterTotal(label: metric.name, dimensions: [("channel", channel.rawValue)])
        }
        #expect(total(MawidMetrics.messagesSent, .email) == 1)
        #expect(total(MawidMetrics.messagesSent, .sms) == 1)
        #expect(total(MawidMetrics.messagesFailed, .email) == 0)
        #expect(total(MawidMetrics.messagesFailed, .sms) == 1)
    }

    @Test func outboxGaugesCountRowsByStateAndChannelWhenAsked() async throws {
        let factory = TestMetrics()
        let store = BookingStore(database: try TestDatabases.fresh(), messages: try makeContext(),
                                 metrics: MawidMetrics(factory: factory))
        _ = try await store.create(makeRequest(thursday, language: "fr"), now: now)
        _ = try await store.create(makeRequest(slot("2025-03-20", "11:00"), language: "fr", email: nil), now: now)
        func rows(_ state: OutboxState, _ channel: OutboxChannel) throws -> Double? {
            try factory.expectGauge(MawidMetrics.outboxMessages.name,
                                    [("state", state.rawValue), ("channel", channel.rawValue)]).lastValue
        }
        #expect(try rows(.pending, .sms) == nil)  // nothing read before a scrape
        try await store.updateOutboxMetrics()
        #expect(try rows(.pending, .sms) == 2)
        #expect(try rows(.pending, .email) == 1)
        #expect(try rows(.sent, .sms) == 0)
        // Sent: the gauges move at the next read.
        try await OutboxWorker(store: store, settings: testSettings(), channels: [.email: FakeChannel(), .sms: FakeChannel()])
            .runOnce(now: now)
        try await store.updateOutboxMetrics()
        #expect(try rows(.pending, .sms) == 0)
        #expect(try rows(.sent, .sms) == 2)
        #expect(try rows(.sent, .email) == 1)
    }

    @Test func siteBuildsAreRecordedInSeconds() throws {
        let factory = TestMetrics()
        let metrics = MawidMetrics(factory: factory)
        metrics.siteBuilt(in: .milliseconds(1500))
        metrics.siteReloaded(in: .milliseconds(250))
        #expect(try factory.expectGauge(MawidMetrics.siteBuildDuration.name).values == [1.5])
        #expect(try factory.expectTimer(MawidMetrics.siteReloadDuration.name).values == [1_500_000_000, 250_000_000])
    }

    @Test func everyMetricIsNamedInPrometheusStyle() {
        for metric in MawidMetrics.catalog.values {
            #expect(metric.name.wholeMatch(of: /mawid_[a-z_]+/) != nil, "\(metric.name)")
            #expect(!metric.help.isEmpty)
        }
    }
}
