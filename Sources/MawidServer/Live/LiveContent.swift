import Foundation
import Hummingbird
import MawidBooking
import MawidSite
import Synchronization

/// The content the server answers with: the booking rules (doctors, hours, slot lengths, holidays), the pages
/// it renders and the site's settings, as one `Endpoint` swapped whole when the content changes.
///
/// Every request under /api and /review leases the current endpoint once (`ContentLease`) and uses it to
/// the end, so it sees the old content or the new, never a mix. `publish` swaps in new content, then waits
/// for the requests still holding the old one to finish: once it returns, no request can accept a booking
/// under rules that are no longer published.
public final class LiveContent: Sendable {
    /// One published version of the content, with the number of requests using it.
    final class Version: Sendable {
        let endpoint: Endpoint
        let number: Int
        let inFlight = Atomic<Int>(0)

        init(endpoint: Endpoint, number: Int) {
            self.endpoint = endpoint
            self.number = number
        }
    }

    private struct State {
        var current: Version?
        var waiting: [CheckedContinuation<Version, Never>] = []
        var problems: [ContentError] = []
    }

    let store: BookingStore
    let options: EndpointOptions
    private let state = Mutex(State())
    private let editHandler = Mutex<(@Sendable (Set<String>) async -> Void)?>(nil)
    private let written = Atomic<Bool>(false)

    /// True once the site folder has been brought up to date with the content after start (`siteWritten()`).
    /// Until then a missing page may be one the build has yet to write: it is answered 503 with Retry-After,
    /// and `/api/health` says `"site": "building"`.
    public var isSiteWritten: Bool { written.load(ordering: .acquiring) }

    /// Called when the first build after start has written the site folder.
    public func siteWritten() { written.store(true, ordering: .releasing) }

    /// Content that `publish` will give (API requests wait until then).
    public init(store: BookingStore, options: EndpointOptions) {
        self.store = store
        self.options = options
    }

    /// Content served from the start.
    public init(store: BookingStore, options: EndpointOptions, site: SiteRenderer) {
        self.store = store
        self.options = options
        let endpoint = Endpoint(site: site, store: store, options: options, live: self)
        state.withLock { $0.current = Version(endpoint: endpoint, number: 1) }
        written.store(true, ordering: .releasing)
    }

    /// The content served now, or nil before the first load has finished.
    public var site: SiteRenderer? { state.withLock { $0.current?.endpoint.site } }

    /// Problems of the last reload that failed (the server kept the content before it); empty once fixed.
    public var problems: [ContentError] { state.withLock { $0.problems } }

    public func setProblems(_ problems: [ContentError]) { state.withLock { $0.problems = problems } }

    /// What to do when a form in /review has written content files (`mawid serve`: reload them, as a watched
    /// edit is); nothing until it is set.
    public func whenEdited(_ handler: @escaping @Sendable (Set<String>) async -> Void) {
        editHandler.withLock { $0 = handler }
    }

    /// Starts the reload of `paths` that a form has just written and returns at once: the reload waits for
    /// the requests on the current content, the writer's own among them.
    func edited(_ paths: Set<String>) {
        guard let handler = editHandler.withLock({ $0 }) else { return }
        Task { await handler(paths) }
    }

    /// Serves `site` from now on; returns once requests using the previous content have finished (or after
    /// `drainLimit`, for a client that holds a request open).
    public func publish(_ site: SiteRenderer, drainLimit: Duration = .seconds(5)) async {
        await drain(replace(with: site), limit: drainLimit)
    }

    /// Returns once the requests using `old` have finished (or after `limit`).
    func drain(_ old: Version?, limit drainLimit: Duration = .seconds(5)) async {
        guard let old else { return }
        let deadline = ContinuousClock.now + drainLimit
        while old.inFlight.load(ordering: .acquiring) > 0 && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(1))
        }
    }

    /// Serves `site` from now on, without waiting for requests on the previous content; returns that one.
    @discardableResult
    func replace(with site: SiteRenderer) -> Version? {
        let (old, waiting, next) = state.withLock { state -> (Version?, [CheckedContinuation<Version, Never>], Version) in
            let next = Version(endpoint: Endpoint(site: site, store: store, options: options, live: self),
                               number: (state.current?.number ?? 0) + 1)
            let old = state.current
            state.current = next
            let waiting = state.waiting
            state.waiting = []
            // Counted before they hold it, like `lease`'s fast path.
            next.inFlight.add(waiting.count, ordering: .relaxed)
            return (old, waiting, next)
        }
        for continuation in waiting { continuation.resume(returning: next) }
        return old
    }

    /// The current version, counted as in use until `release`; waits for the first load at start.
    func lease() async -> Version {
        if let version = state.withLock({ state -> Version? in
            state.current?.inFlight.add(1, ordering: .relaxed)
            return state.current
        }) { return version }
        return await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> Version? in
                if let current = state.current {
                    current.inFlight.add(1, ordering: .relaxed)
                    return current
                }
                state.waiting.append(continuation)
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    func release(_ version: Version) {
        version.inFlight.subtract(1, ordering: .releasing)
    }
}

/// Gives each request under /api and /review the current content (`AppContext.endpoint()`) for its whole
/// life. The health check and the API description answer at once, even while the first load runs.
struct ContentLease: RouterMiddleware {
    let live: LiveContent

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard path.hasPrefix("/api/") || path.hasPrefix("/review"),
              path != "/api/health", path != "/api/openapi.yaml" else {
            return try await next(request, context)
        }
        let version = await live.lease()
        defer { live.release(version) }
        var context = context
        context.content = version.endpoint
        return try await next(request, context)
    }
}
