import Foundation
import Hummingbird

/// `/review/language/{lang}`: the review area's language for this browser (a cookie), from the language
/// links at the top of every review page, the login page included; back to the page the link was on.
/// The site's pages are not affected, nor what patients are sent.
enum ReviewLanguage {
    static let cookie = "mawid_lang"
    static let prefix = "/review/language/"

    static func add(to review: RouterGroup<AppContext>) {
        review.get("language/:lang") { request, context in
            let endpoint = try context.endpoint()
            guard let lang = context.parameters.get("lang"), endpoint.site.languages.contains(lang) else { throw HTTPError(.notFound) }
            var response = Responses.seeOther(back(request))
            response.setCookie(Cookie(name: cookie, value: lang, maxAge: 365 * 86400, path: "/review", secure: endpoint.usesHTTPS,
                                      httpOnly: true, sameSite: .lax))
            return response
        }
    }

    /// The review page the link was followed from (its path and query), or the inbox.
    static func back(_ request: Request) -> String {
        // Only its path and query are used: never a redirect to another site.
        guard let referer = request.headers[.referer], let url = URLComponents(string: referer),
              url.percentEncodedPath.hasPrefix("/review"), !url.percentEncodedPath.hasPrefix(prefix) else { return "/review/" }
        return url.percentEncodedPath + (url.percentEncodedQuery.map { "?" + $0 } ?? "")
    }
}
