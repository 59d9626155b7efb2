import Hummingbird
import MawidBooking
import NIOCore

/// The request context of every route: Hummingbird's core storage plus the client's address,
/// which the rate limiter keys on.
public struct AppContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?
    /// The signed-in account in the review area (set by `ReviewAuth`).
    public var account: Account?
    /// The session's CSRF token, expected in every review form.
    public var csrf: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
        account = nil
        csrf = nil
    }

    /// Bodies are read by `RequestInput` with its own limit.
    public var maxUploadSize: Int { RequestInput.maxBodySize }
}
