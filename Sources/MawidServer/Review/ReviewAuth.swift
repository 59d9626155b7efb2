import Foundation
import Hummingbird
import MawidBooking
import MawidConversation

/// Guards `/review`: every page but the login needs a valid session cookie, and every POST the
/// session's CSRF token. Without a session, browsers are sent to the login page.
struct ReviewAuth: RouterMiddleware {
    static let sessionCookie = "mawid_session"
    static let loginCookie = "mawid_login"

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        let endpoint = try context.endpoint()
        var context = context
        let path = request.uri.path
        context.language = request.cookies[ReviewLanguage.cookie]?.value
        if path == "/review/login" || path.hasPrefix(ReviewLanguage.prefix) { return try await next(request, context) }
        guard let token = request.cookies[Self.sessionCookie]?.value,
              let (account, csrf) = try await endpoint.sessions.session(token: token, now: endpoint.options.clock()) else {
            return Responses.seeOther("/review/login")
        }
        context.account = account
        context.csrf = csrf
        context.unreadMessages = try await Conversation(store: endpoint.store).unreadByPractice(doctors: account.visibleDoctors)
        return try await next(request, context)
    }

    /// The session cookie: HttpOnly, SameSite=Strict, scoped to /review, Secure over HTTPS.
    static func cookie(_ value: String, endpoint: Endpoint, maxAge: Int? = nil) -> Cookie {
        Cookie(name: sessionCookie, value: value, maxAge: maxAge, path: "/review", secure: endpoint.usesHTTPS,
               httpOnly: true, sameSite: .strict)
    }
}

/// Constant-time comparison of secrets.
func secretsMatch(_ a: String, _ b: String) -> Bool {
    let x = Array(a.utf8), y = Array(b.utf8)
    guard x.count == y.count, !x.isEmpty else { return false }
    var diff: UInt8 = 0
    for i in x.indices { diff |= x[i] ^ y[i] }
    return diff == 0
}

extension AppContext {
    /// The signed-in account; ReviewAuth guarantees it on review routes.
    var signedIn: Account {
        get throws {
            guard let account else { throw HTTPError(.unauthorized) }
            return account
        }
    }
}
