import CoreMetrics
import Hummingbird
import MawidBooking
import Synchronization

/// Counts every answer of the public port in `mawid_http_requests_total{route, method, status}`.
///
/// The route is the pattern Hummingbird's router matched (`context.endpointPath`: `/api/b/{token}`), never the
/// requested path: tokens and references are secrets. A file of the site is `static`, anything else
/// (404s, preflights answered by `CrossOrigin`) `unmatched`; a method outside the usual ones is `other`, so a
/// client cannot make new series. Like Hummingbird's `MetricsMiddleware`, but with Mawid's names, the store's
/// factory (a test gives its own registry) and no per-route timer or active-request gauge.
/// Added first, so it sees the site's own 404 page and the rate limiter's 429s.
struct RequestMetrics<Context: RequestContext>: RouterMiddleware {
    let counters: RequestCounters

    init(factory: any MetricsFactory) {
        counters = RequestCounters(factory: factory)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            let response = try await next(request, context)
            counters.count(route: context.endpointPath, method: request.method, status: response.status.code)
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status ?? .internalServerError
            counters.count(route: context.endpointPath, method: request.method, status: status.code)
            throw error
        }
    }
}

/// One counter per (route, method, status), made the first time it is seen and kept: later requests cost a
/// dictionary lookup under a lock and an atomic increment, no string building.
final class RequestCounters: Sendable {
    private struct Key: Hashable {
        let route: String?
        let method: HTTPRequest.Method
        let status: Int
    }

    private let factory: any MetricsFactory
    private let counters = Mutex<[Key: Counter]>([:])

    init(factory: any MetricsFactory) {
        self.factory = factory
    }

    func count(route: String?, method: HTTPRequest.Method, status: Int) {
        let method = Self.methods.contains(method) ? method : Self.other
        let key = Key(route: route, method: method, status: status)
        counters.withLock { counters in
            if let counter = counters[key] { return counter }
            let counter = Counter(label: MawidMetrics.httpRequests.name,
                                  dimensions: [("route", Self.label(route: route)), ("method", method.rawValue),
                                               ("status", String(status))],
                                  factory: factory)
            counters[key] = counter
            return counter
        }.increment()
    }

    private static let methods: Set<HTTPRequest.Method> = [.get, .head, .post, .put, .delete, .options, .patch]
    private static let other = HTTPRequest.Method("OTHER")!

    /// The route's label: the matched pattern, or what Hummingbird records when none matched.
    static func label(route: String?) -> String {
        switch route {
        case "FileMiddleware": "static"
        case nil, "NotFound": "unmatched"
        case let pattern?: pattern
        }
    }
}
