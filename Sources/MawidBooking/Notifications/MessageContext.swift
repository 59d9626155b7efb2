import Foundation
import MawidSite

/// What the store needs to write messages: the server's public addresses, the site's title and doctors in
/// every language, the time zone, the texts and the notification rules. The server hands it to
/// `BookingStore` (`init(database:messages:)` or `setMessageContext`); without one, no message is written.
public struct MessageContext: Sendable {
    /// A doctor as messages name them, per language (missing languages use the default one).
    public struct DoctorInfo: Sendable, Hashable {
        public var names: [String: String]
        /// Street address and city, per language.
        public var addresses: [String: String]

        public init(names: [String: String], addresses: [String: String]) {
            self.names = names
            self.addresses = addresses
        }
    }

    /// Public address of the server without trailing slash, e.g. `https://mawid.example.dz`.
    public var publicBaseURL: String
    /// Absolute URL of the booking API without trailing slash (the server's `Endpoint.publicAPI`), e.g.
    /// `https://mawid.example.dz/api`: patient links are `{apiURL}/b/{token}`.
    public var apiURL: String
    /// The site's title per language.
    public var siteTitles: [String: String]
    public var doctors: [String: DoctorInfo]
    /// The content's doctors, read when a message names one (cheaper than `doctors` for 10,000 doctors
    /// made again on every content change).
    private var contentDoctors: [String: Localized<Doctor>] = [:]
    public var timeZone: TimeZone
    public var templates: MessageTemplates
    public var policy: NotificationPolicy
    /// Channels with no way out (none configured): their messages due at once are written `held`, as the
    /// outbox worker would mark them, so a burst of bookings costs no second write per message.
    public var heldChannels: Set<OutboxChannel> = []

    /// - Parameter apiURL: nil for `{publicBaseURL}/api`.
    public init(publicBaseURL: String, apiURL: String? = nil, siteTitles: [String: String],
                doctors: [String: DoctorInfo], timeZone: TimeZone, templates: MessageTemplates,
                policy: NotificationPolicy = NotificationPolicy()) {
        let base = publicBaseURL.hasSuffix("/") ? String(publicBaseURL.dropLast()) : publicBaseURL
        let api = apiURL ?? base + "/api"
        self.publicBaseURL = base
        self.apiURL = api.hasSuffix("/") ? String(api.dropLast()) : api
        self.siteTitles = siteTitles
        self.doctors = doctors
        self.timeZone = timeZone
        self.templates = templates
        self.policy = policy
    }

    /// From the loaded content: titles, doctors' names and addresses in every language, time zone.
    /// - Parameters:
    ///   - publicBaseURL: the server's public address (`--public-url`, or `baseURL` of site.yml).
    ///   - apiURL: the absolute URL of the API as the server computes it (`Endpoint.publicAPI`).
    public init(content: Content, publicBaseURL: String, apiURL: String, templates: MessageTemplates,
                policy: NotificationPolicy = NotificationPolicy()) {
        let config = content.config
        var titles: [String: String] = [:]
        for lang in config.languages { titles[lang] = content.site[lang].title }
        self.init(publicBaseURL: publicBaseURL, apiURL: apiURL, siteTitles: titles,
                  doctors: [:], timeZone: TimeZone(identifier: config.timezone) ?? TimeZone(identifier: "UTC")!,
                  templates: templates, policy: policy)
        self.contentDoctors = Dictionary(content.doctors.map { ($0.slug, $0) }) { first, _ in first }
    }

    /// The patient's page for a (message or creation) token.
    public func patientLink(token: String) -> String { apiURL + "/b/" + token }

    /// A booking's page in the practice area.
    public func reviewLink(bookingID: Int64) -> String { publicBaseURL + "/review/bookings/\(bookingID)" }

    func doctorName(_ slug: String, _ lang: String) -> String {
        if let doctor = contentDoctors[slug] { return doctor[lang].name }
        guard let doctor = doctors[slug] else { return slug }
        return doctor.names[lang] ?? doctor.names[templates.defaultLanguage] ?? doctor.names.values.first ?? slug
    }

    func doctorAddress(_ slug: String, _ lang: String) -> String {
        if let doctor = contentDoctors[slug] { return doctor[lang].address + ", " + doctor[lang].city }
        guard let doctor = doctors[slug] else { return "" }
        return doctor.addresses[lang] ?? doctor.addresses[templates.defaultLanguage] ?? ""
    }

    func siteTitle(_ lang: String) -> String {
        siteTitles[lang] ?? siteTitles[templates.defaultLanguage] ?? ""
    }

    /// The instant a slot starts, in the site's time zone.
    func start(of slot: Slot) -> Date { SlotCalendar.instant(of: slot, in: timeZone) }
}

/// When reminders go and how long offers of freed slots stay open.
public struct NotificationPolicy: Sendable, Hashable {
    /// How long before a confirmed visit each reminder goes: 48 h by default; add e.g. 2 h for a second one.
    /// A reminder whose time has already passed when the visit is confirmed is not sent.
    public var reminders: [TimeInterval]
    /// How long a patient has to accept a freed slot before it goes to the next one.
    public var offerDuration: TimeInterval
    /// Patients cannot move a visit this close to it (`TransitionRules.patientCutoff`): slots starting
    /// sooner are not offered, and an offer closes this long before its slot.
    public var patientCutoff: TimeInterval

    public init(reminders: [TimeInterval] = [48 * 3600], offerDuration: TimeInterval = 2 * 3600,
                patientCutoff: TimeInterval = 2 * 3600) {
        self.reminders = reminders
        self.offerDuration = offerDuration
        self.patientCutoff = patientCutoff
    }
}
