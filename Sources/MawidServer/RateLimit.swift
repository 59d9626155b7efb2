import Foundation
import Hummingbird
import MawidSite

/// Limits POSTs per client: 429 with `Retry-After` past the limit (JSON, or a page for form posts).
struct RateLimit: RouterMiddleware {
    let limiter: RateLimiter
    let trustForwardedFor: Bool
    /// The server's clock (`EndpointOptions.clock`): tests freeze it, so a slow run refills no bucket.
    var clock: @Sendable () -> Date = { Date() }

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        guard request.method == .post, limiter.isOn else { return try await next(request, context) }
        guard let wait = limiter.retryAfter(client: Self.client(request, context, trustForwardedFor: trustForwardedFor), now: clock())
        else { return try await next(request, context) }
        let headers: HTTPFields = [.retryAfter: String(wait)]
        if request.headers[.contentType]?.hasPrefix("application/x-www-form-urlencoded") == true {
            let endpoint = try context.endpoint()
            let lang = endpoint.site.defaultLanguage
            var response = endpoint.notice(.tooManyRequests, lang: lang, title: endpoint.text("form_error_title", lang: lang),
                                           lines: [endpoint.text("too_many_requests", lang: lang)])
            response.headers[.retryAfter] = String(wait)
            return response
        }
        return Responses.error(.tooManyRequests, "Too many requests: retry in \(wait) seconds.", headers: headers)
    }

    /// Who the limits count a request against: its address, or the first of `X-Forwarded-For` behind a proxy.
    static func client(_ request: Request, _ context: AppContext, trustForwardedFor: Bool) -> String {
        if trustForwardedFor, let forwarded = request.headers[.init("X-Forwarded-For")!] {
            return String(forwarded.split(separator: ",").first ?? "").trimmingCharacters(in: .whitespaces)
        }
        return context.remoteAddress?.ipAddress ?? "unknown"
    }
}
