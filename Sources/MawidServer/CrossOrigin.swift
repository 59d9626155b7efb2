import Hummingbird

/// CORS for the site's own origin only (when the site is hosted apart from the endpoint).
/// Preflights from any other origin are refused without CORS headers.
struct CrossOrigin<Context: RequestContext>: RouterMiddleware {
    /// e.g. `https://mawid.example.dz`; nil allows no cross-origin use. Asked at each request: the site's
    /// settings may change while serving.
    let allowedOrigin: @Sendable () -> String?
    /// Only requests under this path are concerned (the API).
    let pathPrefix: String

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.uri.path.hasPrefix(pathPrefix), let origin = request.headers[.origin] else {
            return try await next(request, context)
        }
        let allowed = origin == allowedOrigin()
        if request.method == .options {
            guard allowed, request.headers[.accessControlRequestMethod] != nil else {
                return Response(status: .forbidden)
            }
            return Response(status: .noContent, headers: [
                .accessControlAllowOrigin: origin,
                .accessControlAllowMethods: "GET, POST, OPTIONS",
                .accessControlAllowHeaders: "Content-Type, Accept",
                .accessControlMaxAge: "86400",
                .vary: "Origin",
            ])
        }
        var response = try await next(request, context)
        if allowed {
            response.headers[.accessControlAllowOrigin] = origin
            response.headers[.vary] = "Origin"
        }
        return response
    }

    /// The origin (`scheme://host[:port]`) of a URL.
    static func origin(of url: String) -> String? {
        guard let schemeEnd = url.range(of: "://") else { return nil }
        let rest = url[schemeEnd.upperBound...]
        let host = rest.prefix { $0 != "/" }
        return host.isEmpty ? nil : String(url[..<schemeEnd.upperBound]) + host
    }
}
