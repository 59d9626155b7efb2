import CoreMetrics

/// The service's metrics, made once when the server starts (never per request) through the swift-metrics API.
///
/// `mawid serve --metrics` passes its Prometheus factory; otherwise `disabled` records nothing. Label values
/// are fixed words (outcomes, states, channels): never patient data. Names and help texts: `catalog`.
public final class MawidMetrics: Sendable {
    /// How `POST /api/bookings` ended.
    public enum BookingOutcome: String, Sendable, CaseIterable {
        /// Stored (201, or 303 for a form).
        case created
        /// The slot was taken (409).
        case conflict
        /// Not stored: field errors (422), an unreadable body (400, 413, 415) or a filled honeypot.
        case invalid
        /// An error was thrown (the database failed): 500.
        case error
    }

    /// Makes further metrics of the same backend (the server's request counters, by route).
    public let factory: any MetricsFactory
    private let bookingDurations: [BookingOutcome: CoreMetrics.Timer]
    private let batchBookings: Recorder
    private let sent: [OutboxChannel: Counter]
    private let failed: [OutboxChannel: Counter]
    private let outbox: [OutboxState: [OutboxChannel: Gauge]]
    private let siteBuild: Gauge
    private let siteReload: CoreMetrics.Timer

    public init(factory: any MetricsFactory) {
        self.factory = factory
        bookingDurations = Dictionary(uniqueKeysWithValues: BookingOutcome.allCases.map { outcome in
            (outcome, CoreMetrics.Timer(label: Self.bookingDuration.name, dimensions: [("outcome", outcome.rawValue)],
                                        factory: factory))
        })
        batchBookings = Recorder(label: Self.groupCommitBatch.name, dimensions: [], aggregate: true, factory: factory)
        func byChannel(_ metric: MetricDescription) -> [OutboxChannel: Counter] {
            Dictionary(uniqueKeysWithValues: OutboxChannel.allCases.map { channel in
                (channel, Counter(label: metric.name, dimensions: [("channel", channel.rawValue)], factory: factory))
            })
        }
        sent = byChannel(Self.messagesSent)
        failed = byChannel(Self.messagesFailed)
        outbox = Dictionary(uniqueKeysWithValues: OutboxState.allCases.map { state in
            (state, Dictionary(uniqueKeysWithValues: OutboxChannel.allCases.map { channel in
                (channel, Gauge(label: Self.outboxMessages.name,
                                dimensions: [("state", state.rawValue), ("channel", channel.rawValue)], factory: factory))
            }))
        })
        siteBuild = Gauge(label: Self.siteBuildDuration.name, dimensions: [], factory: factory)
        siteReload = CoreMetrics.Timer(label: Self.siteReloadDuration.name, dimensions: [], factory: factory)
    }

    /// Records nothing: the server without `--metrics`, and tests that do not look.
    public static let disabled = MawidMetrics(factory: NOOPMetricsHandler.instance)

    /// A booking request answered `nanoseconds` after it began.
    public func bookingAnswered(_ outcome: BookingOutcome, nanoseconds: UInt64) {
        bookingDurations[outcome]?.recordNanoseconds(Int64(clamping: nanoseconds))
    }

    /// One group-commit transaction committed with `bookings` new bookings.
    func batchCommitted(bookings: Int) {
        batchBookings.record(bookings)
    }

    func messageSent(_ channel: OutboxChannel) { sent[channel]?.increment() }

    func messageFailed(_ channel: OutboxChannel) { failed[channel]?.increment() }

    /// The outbox's rows now: every state and channel, 0 when absent from `counts`.
    func outboxRows(_ counts: [OutboxState: [OutboxChannel: Int]]) {
        for (state, channels) in outbox {
            for (channel, gauge) in channels { gauge.record(counts[state]?[channel] ?? 0) }
        }
    }

    /// The build at start: its duration, also the first sample of the reload histogram.
    public func siteBuilt(in duration: Duration) {
        siteBuild.record(duration.inSeconds)
        siteReloaded(in: duration)
    }

    /// A build of the running server (live reload).
    public func siteReloaded(in duration: Duration) {
        siteReload.recordNanoseconds(duration.inNanoseconds)
    }
}

private extension Duration {
    var inSeconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
    var inNanoseconds: Int64 { components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000 }
}
