import Foundation
import Hummingbird

/// Answers unknown URLs with the site's own 404 page, in the language of the URL when there is one.
struct NotFoundPage<Context: RequestContext>: RouterMiddleware {
    let siteDirectory: String

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            return page(for: request.uri.path)
        }
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
