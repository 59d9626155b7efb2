import Foundation
import Hummingbird

/// Answers unknown URLs with the site's own 404 page, in the language of the URL when there is one.
///
/// While the first build after start runs, a missing page may be one it has yet to write (a new doctor, or
/// the whole site on a first start): that is answered 503 with `Retry-After`, so browsers and crawlers come
/// back instead of remembering a 404.
struct NotFoundPage<Context: RequestContext>: RouterMiddleware {
    let siteDirectory: String
    let live: LiveContent

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            if !live.isSiteWritten && !request.uri.path.hasPrefix("/api/") { return Self.building }
            return page(for: request.uri.path)
        }
    }

    static var building: Response {
        Response(status: .serviceUnavailable,
                 headers: [.contentType: "text/plain; charset=utf-8", .retryAfter: "2", .cacheControl: "no-store"],
                 body: .init(byteBuffer: ByteBuffer(string: "The site is being built; this page will be here in a few seconds.\n")))
    }

    private func page(for path: String) -> Response {
        let language = path.split(separator: "/").first.map(String.init) ?? ""
        let candidates = ["\(siteDirectory)/\(language)/404.html", "\(siteDirectory)/404.html"]
        let file = Slug.isLanguageCode(language) ? candidates : [candidates[1]]
        for path in file {
            if let data = FileManager.default.contents(atPath: path) {
                return Response(status: .notFound, headers: [.contentType: "text/html; charset=utf-8"],
                                body: .init(byteBuffer: ByteBuffer(bytes: data)))
            }
        }
        return Response(status: .notFound, headers: [.contentType: "text/plain; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(string: "Not found\n")))
    }
}

enum Slug {
    static func isLanguageCode(_ text: String) -> Bool {
        (2...3).contains(text.count) && text.allSatisfy { $0.isASCII && $0.isLowercase }
    }
}
