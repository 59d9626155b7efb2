import Foundation
import Hummingbird
import Logging

/// `mawid serve`: the static site and the booking endpoint on one port.
public struct MawidServer: Sendable {
    public struct Options: Sendable {
        public var host: String
        public var port: Int
        public var siteDirectory: String

        public init(host: String = "127.0.0.1", port: Int = 8080, siteDirectory: String = "site") {
            self.host = host
            self.port = port
            self.siteDirectory = siteDirectory
        }
    }

    public let options: Options
    public let logger: Logger

    public init(options: Options, logger: Logger = Logger(label: "mawid")) {
        self.options = options
        self.logger = logger
    }

    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: NotFoundPage(siteDirectory: options.siteDirectory))
        router.add(middleware: FileMiddleware(options.siteDirectory, cacheControl: Self.cacheControl,
                                              searchForIndexHtml: true, logger: logger))
        return router
    }

    public func application() -> some ApplicationProtocol {
        Application(router: router(),
                    configuration: .init(address: .hostname(options.host, port: options.port), serverName: "Mawid"),
                    logger: logger)
    }

    /// Hashed assets never change; pages are revalidated.
    static let cacheControl = CacheControl([
        (MediaType(type: .text, subType: "css"), [.maxAge(31_536_000), .public]),
        (MediaType(type: .application, subType: "javascript"), [.maxAge(31_536_000), .public]),
        (MediaType(type: .text, subType: "javascript"), [.maxAge(31_536_000), .public]),
        (.textHtml, [.noCache]),
    ])
}
