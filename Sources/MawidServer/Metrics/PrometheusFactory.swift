import CoreMetrics
import MawidBooking
import Prometheus

/// The swift-metrics backend of `mawid serve --metrics`: swift-prometheus's factory, plus the help texts and
/// buckets of Mawid's own metrics (`MawidMetrics.catalog`), which swift-prometheus's factory cannot give.
/// Metrics of other names (a library's) go to swift-prometheus's factory unchanged, into the same registry.
public struct PrometheusFactory: MetricsFactory {
    /// What `GET /metrics` shows.
    public let registry: PrometheusCollectorRegistry
    private let others: PrometheusMetricsFactory

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        self.others = PrometheusMetricsFactory(registry: registry)
    }

    public func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        guard let metric = MawidMetrics.catalog[label] else { return others.makeCounter(label: label, dimensions: dimensions) }
        return registry.makeCounter(descriptor: metric.prometheus, labels: dimensions)
    }

    public func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler {
        guard let metric = MawidMetrics.catalog[label] else {
            return others.makeFloatingPointCounter(label: label, dimensions: dimensions)
        }
        return registry.makeCounter(descriptor: metric.prometheus, labels: dimensions)
    }

    /// A gauge, or (`aggregate`) a histogram of values.
    public func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        guard let metric = MawidMetrics.catalog[label] else {
            return others.makeRecorder(label: label, dimensions: dimensions, aggregate: aggregate)
        }
        guard aggregate, let buckets = metric.buckets else {
            return registry.makeGauge(descriptor: metric.prometheus, labels: dimensions)
        }
        return registry.makeValueHistogram(descriptor: metric.prometheus, labels: dimensions, buckets: buckets)
    }

    public func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        guard let metric = MawidMetrics.catalog[label] else { return others.makeMeter(label: label, dimensions: dimensions) }
        return registry.makeGauge(descriptor: metric.prometheus, labels: dimensions)
    }

    /// A histogram of durations, shown in seconds.
    public func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        guard let metric = MawidMetrics.catalog[label], let buckets = metric.buckets else {
            return others.makeTimer(label: label, dimensions: dimensions)
        }
        return registry.makeDurationHistogram(descriptor: metric.prometheus, labels: dimensions,
                                              buckets: buckets.map { .nanoseconds(Int64(($0 * 1e9).rounded())) })
    }

    public func destroyCounter(_ handler: any CounterHandler) { others.destroyCounter(handler) }
    public func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) {
        others.destroyFloatingPointCounter(handler)
    }
    public func destroyRecorder(_ handler: any RecorderHandler) { others.destroyRecorder(handler) }
    public func destroyMeter(_ handler: any MeterHandler) { others.destroyMeter(handler) }
    public func destroyTimer(_ handler: any TimerHandler) { others.destroyTimer(handler) }
}

extension MetricDescription {
    /// The name as it is (units already in it) and the help text.
    var prometheus: MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
    }
}
