import Hummingbird
import MawidBooking
import NIOCore

/// The request context of every route: Hummingbird's core storage plus the client's address,
/// which the rate limiter keys on.
public struct AppContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?
    /// The connection's event loop: slow work resumes there (`LoopPlace`).
    public let eventLoop: any EventLoop
    /// The signed-in account in the review area (set by `ReviewAuth`).
    public var account: Account?
    /// The session's CSRF token, expected in every review form.
    public var csrf: String?
    /// The review area's language chosen in this browser (set by `ReviewAuth` from its cookie).
    public var language: String?
    /// Patients' messages the signed-in account has not read (set by `ReviewAuth`, shown in the navigation).
    public var unreadMessages = 0
    /// The content this request answers with (set by `ContentLease` under /api and /review).
    var content: Endpoint?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
        eventLoop = source.channel.eventLoop
        account = nil
        csrf = nil
        language = nil
        content = nil
    }

    /// The request's content; only a route outside /api and /review would lack one (a programming error,
    /// answered 500 rather than a crash).
    func endpoint() throws -> Endpoint {
        guard let content else { throw HTTPError(.internalServerError, message: "no content for this route") }
        return content
    }

    /// Bodies are read by `RequestInput` with its own limit.
    public var maxUploadSize: Int { RequestInput.maxBodySize }
}

/// Resumes a booking's request on its connection's event loop.
struct LoopPlace: ResumePlace {
    let loop: any EventLoop
    var id: ObjectIdentifier { ObjectIdentifier(loop) }
    func execute(_ work: @escaping @Sendable () -> Void) { loop.execute(work) }
}
