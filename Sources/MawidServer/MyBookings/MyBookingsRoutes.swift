import Foundation
import Hummingbird
import MawidBooking
import MawidConversation
import MawidSite

/// "My appointments": a patient proves their phone number with a code sent by SMS and sees every booking made
/// with it (their own and their relatives', with any doctor), each linking to its private page.
/// - `GET /api/my`: the phone form (signed in: on to the list);
/// - `POST /api/my`: asks for a code (`SignInCodes`); the answer is the same whether the number has bookings;
/// - `POST /api/my/code`: checks the code; right: a session cookie and on to the list;
/// - `GET /api/my/bookings`: the list (no session: back to the phone form);
/// - `POST /api/my/signout`: ends the session.
/// The session cookie is HttpOnly, SameSite=Strict, scoped to `/api/my`, Secure over HTTPS; the code never
/// appears in a URL or a log.
struct MyBookingsRoutes: Sendable {
    static let cookie = "mawid_my"
    /// Longest fields read, as typed (openapi.yaml says the same).
    static let maxPhoneLength = 30
    static let maxCodeLength = 12

    let endpoint: Endpoint
    let limits: SignInLimits

    static func add(to api: RouterGroup<AppContext>, limits: SignInLimits) {
        api.get("my") { request, context in try await Self(endpoint: try context.endpoint(), limits: limits).start(request, context) }
        api.post("my") { request, context in try await Self(endpoint: try context.endpoint(), limits: limits).requestCode(request, context) }
        api.post("my/code") { request, context in try await Self(endpoint: try context.endpoint(), limits: limits).checkCode(request, context) }
        api.get("my/bookings") { request, context in try await Self(endpoint: try context.endpoint(), limits: limits).list(request, context) }
        api.post("my/signout") { request, context in try await Self(endpoint: try context.endpoint(), limits: limits).signOut(request, context) }
    }

    /// `/api/my` on this server.
    var base: String { endpoint.localAPI + "/my" }
    var sessions: PatientSessions { PatientSessions(database: endpoint.store.database) }
    var now: Date { endpoint.options.clock() }
    var view: MyBookingsView { MyBookingsView(endpoint: endpoint, base: base) }

    /// The cookie of this browser's form token: the phone and code forms carry it (a double submit), so a
    /// form posted from another site (signing a browser in to someone else's number) is refused.
    static let formCookie = "mawid_my_form"

    /// The view with this browser's form token; `fresh`: a new one, to set with `formCookie`.
    func view(_ request: Request) -> (view: MyBookingsView, fresh: String?) {
        if let token = request.cookies[Self.formCookie]?.value, !token.isEmpty {
            return (MyBookingsView(endpoint: endpoint, base: base, formToken: token), nil)
        }
        let token = BookingToken.generate()
        return (MyBookingsView(endpoint: endpoint, base: base, formToken: token), token)
    }

    /// `response` with the form token's cookie when it is new.
    func withFormToken(_ response: Response, _ fresh: String?) -> Response {
        guard let fresh else { return response }
        var response = response
        response.setCookie(Cookie(name: Self.formCookie, value: fresh, path: base, secure: endpoint.usesHTTPS, httpOnly: true,
                                  sameSite: .strict))
        return response
    }

    /// A form post without this browser's token: the phone form again (with a token), 403.
    func checkFormToken(_ request: Request, _ input: RequestInput, lang: String) -> Response? {
        guard input.isForm else { return nil }
        if let cookie = request.cookies[Self.formCookie]?.value, secretsMatch(cookie, input.fields["csrf"] ?? "") { return nil }
        let (view, fresh) = view(request)
        return withFormToken(view.phonePage(.forbidden, lang: lang, alert: endpoint.text("my_form_expired", lang: lang)), fresh)
    }

    // MARK: The phone form

    func start(_ request: Request, _ context: AppContext) async throws -> Response {
        let query = request.uri.queryParameters
        let lang = endpoint.site.language(query["lang"].map(String.init))
        if let token = request.cookies[Self.cookie]?.value, try await sessions.phone(token: token, now: now) != nil {
            return Responses.seeOther(base + "/bookings?lang=" + lang)
        }
        var notice: String?
        if query["signed_out"] != nil { notice = endpoint.text("my_signed_out", lang: lang) }
        else if query["ended"] != nil { notice = endpoint.text("my_session_ended", lang: lang) }
        let (view, fresh) = view(request)
        return withFormToken(view.phonePage(.ok, lang: lang, notice: notice), fresh)
    }

    /// The answer to a post that is not read further (a body that cannot be read, a form without this
    /// browser's token), thrown: Hummingbird sends it as it is.
    struct Refusal: HTTPResponseError {
        let answer: Response
        var status: HTTPResponse.Status { answer.status }
        func response(from request: Request, context: some RequestContext) throws -> Response { answer }
    }

    /// A posted phone or code form: its fields, its language, the view with this browser's token, the number
    /// as typed; or a `Refusal`.
    func posted(_ request: inout Request) async throws -> (RequestInput, String, MyBookingsView, String) {
        let input: RequestInput
        do { input = try await RequestInput.read(&request) } catch { throw Refusal(answer: error.response) }
        let lang = endpoint.site.language(input.fields["lang"])
        if let refused = checkFormToken(request, input, lang: lang) { throw Refusal(answer: refused) }
        return (input, lang, view(request).view, (input.fields["phone"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines))
    }

    // MARK: Asking for a code

    func requestCode(_ request: Request, _ context: AppContext) async throws -> Response {
        var request = request
        let (input, lang, view, typed) = try await posted(&request)
        if let wait = limits.codes.retryAfter(client: client(request, context), now: now) {
            return tooMany(wait, key: "my_too_many_tries", input: input, lang: lang, phone: typed, view: view)
        }
        guard (input.fields["phone"] ?? "").count <= Self.maxPhoneLength, let phone = PhoneNumber.normalized(typed) else {
            let message = view.error(typed.isEmpty ? "required" : "invalid_phone", lang: lang)
            guard input.isForm else { return Responses.error(.unprocessableContent, "Some fields need fixing.", fields: [("phone", message)]) }
            return view.phonePage(.unprocessableContent, lang: lang, phone: typed, errors: [("phone", message)])
        }
        switch try await SignInCodes(store: endpoint.store).request(phone: phone, language: lang, now: now) {
        case .limited(let wait):
            return tooMany(wait, key: "my_too_many_codes", input: input, lang: lang, phone: typed, view: view)
        case .accepted:
            guard input.isForm else { return Responses.json(.accepted, .object([("status", .string("requested"))])) }
            return view.codePage(.ok, lang: lang, phone: typed)
        }
    }

    /// 429 with `Retry-After`: the phone form again, the message on the phone field.
    private func tooMany(_ wait: Int, key: String, input: RequestInput, lang: String, phone: String, view: MyBookingsView) -> Response {
        let message = view.minutes(endpoint.text(key, lang: lang), seconds: wait)
        var response = input.isForm
            ? view.phonePage(.tooManyRequests, lang: lang, phone: phone, errors: [("phone", message)])
            : Responses.error(.tooManyRequests, "Too many requests: retry in \(wait) seconds.")
        response.headers[.retryAfter] = String(wait)
        return response
    }

    // MARK: Checking the code

    func checkCode(_ request: Request, _ context: AppContext) async throws -> Response {
        var request = request
        let (input, lang, view, typed) = try await posted(&request)
        if let wait = limits.checks.retryAfter(client: client(request, context), now: now) {
            let message = view.minutes(endpoint.text("my_too_many_tries", lang: lang), seconds: wait)
            var response = input.isForm
                ? view.codePage(.tooManyRequests, lang: lang, phone: typed, error: message)
                : Responses.error(.tooManyRequests, "Too many requests: retry in \(wait) seconds.")
            response.headers[.retryAfter] = String(wait)
            return response
        }
        guard (input.fields["phone"] ?? "").count <= Self.maxPhoneLength, let phone = PhoneNumber.normalized(typed) else {
            return noCode("my_code_expired", input: input, lang: lang, view: view)
        }
        let code = input.fields["code"] ?? ""
        guard code.count <= Self.maxCodeLength, SignInCodes.normalized(code) != nil else {
            let message = endpoint.text("my_code_format", lang: lang)
            guard input.isForm else { return Responses.error(.unprocessableContent, "Some fields need fixing.", fields: [("code", message)]) }
            return view.codePage(.unprocessableContent, lang: lang, phone: typed, error: message)
        }
        switch try await SignInCodes(store: endpoint.store).check(phone: phone, code: code, now: now) {
        case .valid:
            let token = try await sessions.create(phone: phone, now: now)
            var response = input.isForm
                ? Responses.seeOther(base + "/bookings?lang=" + lang)
                : Responses.json(.ok, .object([("status", .string("signed_in"))]))
            response.setCookie(sessionCookie(token))
            return response
        case .wrong(let left) where left > 0:
            let message = endpoint.text("my_code_wrong", lang: lang).replacingOccurrences(of: "{{count}}", with: String(left))
            guard input.isForm else { return Responses.error(.unprocessableContent, "Wrong code.", fields: [("code", message)]) }
            return view.codePage(.unprocessableContent, lang: lang, phone: typed, error: message)
        case .wrong:
            return noCode("my_code_dead", input: input, lang: lang, view: view)
        case .noCode:
            return noCode("my_code_expired", input: input, lang: lang, view: view)
        }
    }

    /// 404: no live code for this number (whether it has bookings or not): the phone form, saying why.
    private func noCode(_ key: String, input: RequestInput, lang: String, view: MyBookingsView) -> Response {
        let message = endpoint.text(key, lang: lang)
        guard input.isForm else { return Responses.error(.notFound, "No valid code for this number: ask for a new one.") }
        return view.phonePage(.notFound, lang: lang, alert: message)
    }

    // MARK: The list

    func list(_ request: Request, _ context: AppContext) async throws -> Response {
        let lang = endpoint.site.language(request.uri.queryParameters["lang"].map(String.init))
        let token = request.cookies[Self.cookie]?.value
        guard let token, let phone = try await sessions.phone(token: token, now: now) else {
            var response = Responses.seeOther(base + "?lang=" + lang + (token == nil ? "" : "&ended=1"))
            if token != nil { response.setCookie(sessionCookie("", maxAge: 0)) }
            return response
        }
        let bookings = try await endpoint.store.bookings(phone: phone)
        let unread = try await Conversation(store: endpoint.store).unreadByPatient(bookingIDs: bookings.map(\.id))
        var links: [Int64: String] = [:]
        for booking in bookings {
            links[booking.id] = endpoint.managePath(token: try await endpoint.store.messageToken(bookingID: booking.id)) + "?lang=" + lang
        }
        return view.listPage(lang: lang, phone: phone, bookings: bookings, links: links, unread: unread)
    }

    // MARK: Signing out

    func signOut(_ request: Request, _ context: AppContext) async throws -> Response {
        var request = request
        let fields = (try? await RequestInput.read(&request).fields) ?? [:]
        let lang = endpoint.site.language(fields["lang"] ?? request.uri.queryParameters["lang"].map(String.init))
        if let token = request.cookies[Self.cookie]?.value { try await sessions.delete(token: token) }
        var response = Responses.seeOther(base + "?lang=" + lang + "&signed_out=1")
        response.setCookie(sessionCookie("", maxAge: 0))
        return response
    }

    /// HttpOnly, SameSite=Strict, only sent to `/api/my…`, Secure over HTTPS; no `Max-Age`: gone with the
    /// browser, and ended on the server after `PatientSessions.idleTimeout` unused.
    func sessionCookie(_ value: String, maxAge: Int? = nil) -> Cookie {
        Cookie(name: Self.cookie, value: value, maxAge: maxAge, path: base, secure: endpoint.usesHTTPS, httpOnly: true, sameSite: .strict)
    }

    private func client(_ request: Request, _ context: AppContext) -> String {
        RateLimit.client(request, context, trustForwardedFor: limits.trustForwardedFor)
    }
}

/// The limits per client of "My appointments", besides those per number of `SignInCodes` and the server's
/// POST limit: made once per server (they count across content versions). Off with `--rate-limit 0`.
final class SignInLimits: Sendable {
    static let codesPerClientPerHour = 10
    static let checksPerClientPerHour = 30

    let codes: RateLimiter
    let checks: RateLimiter
    let trustForwardedFor: Bool

    init(on: Bool, trustForwardedFor: Bool) {
        codes = RateLimiter(limit: on ? Self.codesPerClientPerHour : 0, window: 3600)
        checks = RateLimiter(limit: on ? Self.checksPerClientPerHour : 0, window: 3600)
        self.trustForwardedFor = trustForwardedFor
    }
}
