import Foundation
import Hummingbird
import MawidBooking
import MawidSite

/// Everything the API routes share: the rendered site, the store and the settings.
struct Endpoint: Sendable {
    let site: SiteRenderer
    let store: BookingStore
    let accounts: AccountStore
    let sessions: SessionStore
    let options: EndpointOptions
    /// Published doctors (default language), by slug.
    let doctors: [String: Doctor]
    let timeZone: TimeZone
    /// Base of absolute links to this server.
    let publicBase: String
    /// Absolute URL of the API, for links sent away (patient pages, calendar feeds).
    let publicAPI: String
    /// The API's path on this server, for redirects; it is always served under /api when the
    /// site's `endpoint` is an absolute URL.
    let localAPI: String
    /// The host of `publicBase`, for ids that must be unique worldwide (calendar events).
    let publicHost: String
    /// Where newer content and the last reload's problems are (nil for an endpoint made on its own).
    let live: LiveContent?

    init(site: SiteRenderer, store: BookingStore, options: EndpointOptions, live: LiveContent? = nil) {
        self.live = live
        self.site = site
        self.store = store
        self.accounts = AccountStore(database: store.database)
        self.sessions = SessionStore(database: store.database)
        self.options = options
        self.doctors = Dictionary(uniqueKeysWithValues: site.doctors.map { ($0.slug, $0.base) })
        self.timeZone = TimeZone(identifier: site.content.config.timezone) ?? TimeZone(identifier: "UTC")!
        let config = site.content.config
        let base = options.publicURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 } ?? config.baseURL
        self.publicBase = base
        self.publicAPI = config.endpoint.hasPrefix("/") ? base + config.endpoint : config.endpoint
        self.localAPI = config.endpoint.hasPrefix("/") ? config.endpoint : "/api"
        self.publicHost = URL(string: base)?.host ?? "mawid"
    }

    var config: SiteConfig { site.content.config }

    func calendar() -> SlotCalendar {
        SlotCalendar(timeZone: timeZone, now: options.clock(), horizonDays: options.horizonDays)
    }

    var rules: TransitionRules { TransitionRules(patientCutoff: options.patientCutoff) }

    /// Checks bookings against the published doctors' plans as they are now.
    func planCheck(_ calendar: SlotCalendar) -> PlanCheck { PlanCheck(doctors: doctors, calendar: calendar) }

    /// Cookies get `Secure` when the server is reached over HTTPS.
    var usesHTTPS: Bool { publicBase.hasPrefix("https://") }

    /// Absolute URL of the patient's private page.
    func manageURL(token: String) -> String { publicAPI + "/b/" + token }

    /// The patient page's path on this server (for redirects after a form post).
    func managePath(token: String) -> String { localAPI + "/b/" + token }

    /// A field error in the page language, falling back to the English message.
    func message(for error: FieldError, lang: String) -> String {
        site.strings(lang).nested("errors", error.code.rawValue) ?? error.message
    }

    /// What a patient typed, with `errors` in the page language: the form page shows both again.
    func formState(_ values: [String: String], errors: FieldErrors, lang: String) -> FormState {
        FormState(values: values, errors: errors.all.map { ($0.field, message(for: $0, lang: lang)) })
    }

    func text(_ key: String, lang: String) -> String {
        site.strings(lang)[key] ?? key
    }

    /// A simple page with a title and a few lines, in the site's layout.
    func notice(_ status: HTTPResponse.Status, lang: String, title: String, lines: [String], back: String? = nil) -> Response {
        var notice: [String: Any] = ["lines": lines]
        notice["back"] = back
        let page = site.render("notice", lang: lang, title: title, path: { Paths.home($0) }, fields: ["notice": notice])
        return Responses.html(status, page)
    }
}
