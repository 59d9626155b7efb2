/// A metric as Prometheus shows it: its name (units in the name), help text, label names and, for a
/// histogram, the upper bounds of its buckets (seconds for durations).
///
/// `MawidMetrics` makes its metrics under these names through the swift-metrics API; the server's Prometheus
/// factory reads `MawidMetrics.catalog` to give each its help text and buckets.
public struct MetricDescription: Sendable {
    public let name: String
    public let help: String
    public let labels: [String]
    public let buckets: [Double]?

    init(_ name: String, help: String, labels: [String] = [], buckets: [Double]? = nil) {
        self.name = name
        self.help = help
        self.labels = labels
        self.buckets = buckets
    }
}

extension MawidMetrics {
    /// Requests answered by the public port. `route` is the route's pattern (`/api/b/{token}`), `static` for a
    /// file of the site, `unmatched` for the rest (404s, preflights): never the requested path.
    public static let httpRequests = MetricDescription(
        "mawid_http_requests_total", help: "HTTP requests answered on the public port, by route pattern, method and status.",
        labels: ["route", "method", "status"])
    /// `POST /api/bookings`, from the handler's start to its answer.
    public static let bookingDuration = MetricDescription(
        "mawid_booking_duration_seconds", help: "Time to answer POST /api/bookings, by outcome.",
        labels: ["outcome"], buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1])
    /// One sample per group-commit transaction that inserted bookings (`GroupCommitWriter.maxBatch` at most).
    public static let groupCommitBatch = MetricDescription(
        "mawid_group_commit_batch_bookings", help: "Bookings inserted per group-commit transaction.",
        buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256])
    /// Read from the database when /metrics is scraped.
    public static let outboxMessages = MetricDescription(
        "mawid_outbox_messages", help: "Rows of the outbox, by state and channel, when scraped.",
        labels: ["state", "channel"])
    public static let messagesSent = MetricDescription(
        "mawid_messages_sent_total", help: "Emails and SMS handed over to their channel.", labels: ["channel"])
    /// Every failed attempt, whether retried later or given up (the outbox's `failed` rows count those).
    public static let messagesFailed = MetricDescription(
        "mawid_messages_failed_total", help: "Attempts to send an email or SMS that failed (retried or given up).",
        labels: ["channel"])
    public static let siteBuildDuration = MetricDescription(
        "mawid_site_build_duration_seconds", help: "Time the site build at start took.")
    /// Every build of the running server: the one at start, then each reload.
    public static let siteReloadDuration = MetricDescription(
        "mawid_site_reload_duration_seconds", help: "Time each build of the site by the running server took (the first at start).",
        buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60])

    /// Every metric above, by name.
    public static let catalog: [String: MetricDescription] = Dictionary(uniqueKeysWithValues: [
        httpRequests, bookingDuration, groupCommitBatch, outboxMessages, messagesSent, messagesFailed,
        siteBuildDuration, siteReloadDuration,
    ].map { ($0.name, $0) })
}
