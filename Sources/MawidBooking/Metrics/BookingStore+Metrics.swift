extension BookingStore {
    /// Sets the outbox gauges (`mawid_outbox_messages`) from the database: called when /metrics is scraped,
    /// so bookings pay nothing for them.
    public func updateOutboxMetrics() async throws {
        metrics.outboxRows(try await outboxCounts())
    }
}
