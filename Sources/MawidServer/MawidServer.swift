import Foundation
import Hummingbird
import Logging
import MawidBooking
import MawidSite
import ServiceLifecycle

/// `mawid serve`: the static site and the booking endpoint on one port (and `/metrics` on another).
public struct MawidServer: Sendable {
    public struct Options: Sendable {
        public var host: String
        public var port: Int
        public var siteDirectory: String
        public var endpoint: EndpointOptions
        /// `--metrics`: requests are counted and `/metrics` served there; nil: neither.
        public var metrics: MetricsListener?

        public init(host: String = "127.0.0.1", port: Int = 8080, siteDirectory: String = "site",
                    endpoint: EndpointOptions = EndpointOptions(), metrics: MetricsListener? = nil) {
            self.host = host
            self.port = port
            self.siteDirectory = siteDirectory
            self.endpoint = endpoint
            self.metrics = metrics
        }
    }

    public let options: Options
    /// The content served now; `LiveContent.publish` replaces it while serving.
    public let live: LiveContent
    public let store: BookingStore
    public let logger: Logger
    /// The gzipped pages and assets served lately (64 MB at most).
    let gzipCache = GzipCache()

    /// Serves `live`'s content: API requests wait for its first version; the site folder is served at once.
    public init(options: Options, live: LiveContent, store: BookingStore, logger: Logger = Logger(label: "mawid")) {
        self.options = options
        self.live = live
        self.store = store
        self.logger = logger
    }

    /// Serves `site`, which renders form pages again and the server's own pages; `store` holds the bookings.
    public init(options: Options, site: SiteRenderer, store: BookingStore, logger: Logger = Logger(label: "mawid")) {
        self.init(options: options, live: LiveContent(store: store, options: options.endpoint, site: site), store: store,
                  logger: logger)
    }

    /// What the store needs to write emails and SMS for this site and server: patient links under the API's
    /// public address (`Endpoint.publicAPI`), review links under `--public-url`, and `policy` with the
    /// server's patient cut-off (offers close then, like the patient's own moves).
    public func messageContext(site: SiteRenderer, templates: MessageTemplates,
                               policy: NotificationPolicy = NotificationPolicy()) -> MessageContext {
        let endpoint = Endpoint(site: site, store: store, options: options.endpoint)
        var policy = policy
        policy.patientCutoff = options.endpoint.patientCutoff
        return MessageContext(content: site.content, publicBaseURL: endpoint.publicBase, apiURL: endpoint.publicAPI,
                              templates: templates, policy: policy)
    }

    /// How many future active bookings no longer fit the doctors' plans as served now (a holiday, other hours or
    /// slot length, a doctor removed or set to draft): they wait in `/review` under "Needs attention". For the
    /// log line after the content is loaded or reloaded ("3 bookings need attention"): a count, no patient data.
    /// Waits for the first load at start, like the API.
    public func countBookingsNeedingAttention() async throws -> Int {
        let version = await live.lease()
        defer { live.release(version) }
        let endpoint = version.endpoint
        return try await store.countNeedingAttention(check: endpoint.planCheck(endpoint.calendar()))
    }

    public func router() -> Router<AppContext> {
        let router = Router(context: AppContext.self)
        let live = self.live
        // The API is always served under /api; an absolute `endpoint` in site.yml means the site lives elsewhere.
        let crossOrigin: @Sendable () -> String? = {
            guard let config = live.site?.content.config, !config.endpoint.hasPrefix("/") else { return nil }
            return CrossOrigin<AppContext>.origin(of: config.baseURL)
        }
        // First, so it counts every answer, the site's 404 page included.
        if options.metrics != nil { router.add(middleware: RequestMetrics(factory: store.metrics.factory)) }
        router.add(middleware: NotFoundPage(siteDirectory: options.siteDirectory, live: live))
        // Router-level, so preflights (OPTIONS, no route of their own) get an answer.
        router.add(middleware: CrossOrigin(allowedOrigin: crossOrigin, pathPrefix: "/api/"))
        router.add(middleware: ContentLease(live: live))
        let api = router.group("api")
            .add(middleware: RateLimit(limiter: RateLimiter(limit: options.endpoint.postsPerMinute),
                                       trustForwardedFor: options.endpoint.trustForwardedFor, clock: options.endpoint.clock))
        BookingRoutes.add(to: api)
        ContactRoutes.add(to: api)
        SystemRoutes(store: store, live: live).add(to: api)
        PatientMessageRoutes.add(to: api)
        DocumentRoutes.add(api: api)
        RatingRoutes.add(api: api)
        PatientActions.add(to: api)
        MyBookingsRoutes.add(to: api, limits: SignInLimits(on: options.endpoint.postsPerMinute > 0,
                                                           trustForwardedFor: options.endpoint.trustForwardedFor))
        CalendarRoutes.add(to: api)
        ReviewRoutes.add(to: router)
        router.add(middleware: SiteFiles(siteDirectory: options.siteDirectory, cache: gzipCache))
        router.add(middleware: FileMiddleware(options.siteDirectory, cacheControl: Self.cacheControl,
                                              searchForIndexHtml: true, logger: logger))
        return router
    }

    public func application() -> some ApplicationProtocol {
        Application(router: router(),
                    configuration: .init(address: .hostname(options.host, port: options.port), serverName: "Mawid"),
                    logger: logger)
    }

    /// Serves until SIGINT or SIGTERM, then stops gracefully: the public port and, with `options.metrics`, the
    /// metrics port, in one service group (either failing to start stops both).
    public func run() async throws {
        var services: [any Service] = [application()]
        if let metrics = options.metrics { services.append(metrics.application(store: store, logger: logger)) }
        let group = ServiceGroup(configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint],
                                                      logger: logger))
        try await group.run()
    }

    /// Files are revalidated, but hashed assets (`SiteFiles` marks them immutable) and photos (a day).
    static let cacheControl = CacheControl([
        (.image, [.maxAge(86_400), .public]),
        (.text, [.noCache]),
        (.application, [.noCache]),
    ])
}
