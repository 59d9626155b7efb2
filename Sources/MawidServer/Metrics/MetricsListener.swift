import Foundation
import Hummingbird
import Logging
import MawidBooking
import MawidDelivery
import Prometheus

/// `mawid serve --metrics HOST:PORT`: `GET /metrics` in the Prometheus text format, on its own address (a
/// second Hummingbird application beside the public one), never on the public port.
public struct MetricsListener: Sendable {
    public var host: String
    public var port: Int
    /// What the page shows: the registry of the server's `PrometheusFactory`.
    public var registry: PrometheusCollectorRegistry

    public init(host: String, port: Int, registry: PrometheusCollectorRegistry) {
        self.host = host
        self.port = port
        self.registry = registry
    }

    /// `127.0.0.1:9464`, `[::1]:9464`, `localhost:9464` (the port required); nil for anything else.
    public static func address(_ text: String) -> (host: String, port: Int)? { HostPort.parse(text, defaultPort: nil) }

    /// `GET /metrics` only. The outbox gauges are read from `store` first (one query per scrape).
    public func router(store: BookingStore, logger: Logger) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        let registry = registry
        router.get("metrics") { _, _ in
            do {
                try await store.updateOutboxMetrics()
            } catch {
                logger.error("metrics: the outbox could not be read: \(type(of: error))")
            }
            return Response(status: .ok, headers: [.contentType: Self.contentType, .cacheControl: "no-store"],
                            body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
        return router
    }

    public func application(store: BookingStore, logger: Logger) -> some ApplicationProtocol {
        Application(router: router(store: store, logger: logger),
                    configuration: .init(address: .hostname(host, port: port), serverName: "Mawid"),
                    logger: logger)
    }

    /// The Prometheus text exposition format.
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"
}
