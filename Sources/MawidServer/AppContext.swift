import Hummingbird
import NIOCore

/// The request context of every route: Hummingbird's core storage plus the client's address,
/// which the rate limiter keys on.
public struct AppContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// Bodies are read by `RequestInput` with its own limit.
    public var maxUploadSize: Int { RequestInput.maxBodySize }
}
