import Foundation

/// Loaded content, strings and templates, ready to render any page in any language.
/// `SiteBuilder` renders every page with it; the server renders form pages again with it
/// (with the patient's values and errors) and its own pages (booking status, notices).
public struct SiteRenderer: @unchecked Sendable {
    public let content: Content
    public let templates: TemplateSet
    let directory: Directory
    let assets: Assets
    let contexts: [String: PageContext]

    public var languages: [String] { content.config.languages }
    public var defaultLanguage: String { content.config.defaultLanguage }
    /// Published doctors, by name.
    public var doctors: [Localized<Doctor>] { directory.doctors }

    public init(content: Content, strings: [String: Strings], templates: TemplateSet, assetsDirectory: String, includeDrafts: Bool) {
        self.init(content: content, strings: strings, templates: templates, assets: Assets(directory: assetsDirectory),
                  includeDrafts: includeDrafts)
    }

    /// `previous`: the directory of the last load, patched when the change allows it (see `Directory`).
    init(content: Content, strings: [String: Strings], templates: TemplateSet, assets: Assets, includeDrafts: Bool,
         previous: Directory? = nil) {
        self.content = content
        self.templates = templates
        let directory = Directory(content: content, includeDrafts: includeDrafts, previous: previous)
        self.directory = directory
        self.assets = assets
        let languages = content.config.languages
        let keys = assets.templateKeys
        let names = Dictionary(uniqueKeysWithValues: languages.map { ($0, strings[$0]?["language_name"] ?? $0) })
        var contexts: [String: PageContext] = [:]
        for lang in languages {
            contexts[lang] = PageContext(lang: lang, site: content.site[lang], strings: strings[lang]!, languages: languages,
                                         languageNames: names, directory: directory, pages: content.pages, assets: keys,
                                         ratings: content.ratings)
        }
        self.contexts = contexts
    }

    /// Loads and validates everything a build needs; throws `ContentErrors` listing every problem.
    public static func load(_ options: SiteBuilder.Options) throws(ContentErrors) -> SiteRenderer {
        try SiteProject(options: options).load()
    }

    /// A supported language: `lang` itself, or the default language.
    public func language(_ lang: String?) -> String {
        lang.flatMap { contexts[$0] == nil ? nil : $0 } ?? defaultLanguage
    }

    func context(_ lang: String) -> PageContext { contexts[language(lang)]! }

    public func strings(_ lang: String) -> Strings { context(lang).strings }

    public func doctor(_ slug: String) -> Localized<Doctor>? { directory.doctors.first { $0.slug == slug } }

    /// A date as people read it in `lang`, e.g. "24 décembre 2026".
    public func formatDate(_ date: LocalDate, lang: String) -> String { context(lang).formatDate(date) }

    /// A map search for the doctor's address.
    public func mapURL(_ doctor: Doctor) -> String { context(defaultLanguage).mapURL(doctor) }

    /// The doctor's specialties in `lang`, comma-separated.
    public func specialtyNames(_ doctor: Doctor, lang: String) -> String {
        doctor.specialties.map(context(lang).specialtyTitle).joined(separator: ", ")
    }

    // MARK: Pages the server renders

    /// The doctor's page with the booking form filled in again, or nil for an unknown doctor.
    public func doctorPage(slug: String, lang: String, form: FormState? = nil) -> String? {
        guard let doctor = doctor(slug) else { return nil }
        var page = context(lang).doctorPage(doctor)
        page["form"] = form?.context
        return templates.render(page, "doctor")
    }

    public func contactPage(lang: String, form: FormState? = nil) -> String {
        var page = context(lang).contactPage()
        page["form"] = form?.context
        return templates.render(page, "contact")
    }

    /// A page rendered with a server-side template (e.g. `booking`, `notice`), sharing the layout.
    /// `fields` are added to the usual page keys.
    public func render(_ template: String, lang: String, title: String, path: @escaping (String) -> String,
                       fields: [String: Any]) -> String {
        var page = context(lang).base(title: title, path: path)
        page.merge(fields) { $1 }
        page["robots"] = "noindex"
        return templates.render(page, template)
    }
}

/// What a patient typed into a form and what was wrong with it, to show the form again.
public struct FormState: Sendable {
    public var values: [String: String]
    /// Messages by field name, in the page's language.
    public var errors: [(field: String, message: String)]
    /// Other free slots to offer after a conflict, as (date, time) texts.
    public var suggestions: [(date: String, time: String)]

    public init(values: [String: String], errors: [(field: String, message: String)], suggestions: [(date: String, time: String)] = []) {
        self.values = values
        self.errors = errors
        self.suggestions = suggestions
    }

    var context: [String: Any] {
        var values: [String: Any] = self.values
        values["for_self"] = self.values["for"] != "relative"
        values["for_relative"] = self.values["for"] == "relative"
        values["consent"] = ["on", "yes", "true", "1"].contains(self.values["consent"] ?? "")
        var byField: [String: String] = [:]
        for error in errors where byField[error.field] == nil { byField[error.field] = error.message }
        return [
            "values": values,
            "errors": byField,
            "errorList": errors.map { ["field": $0.field, "message": $0.message] },
            "hasErrors": !errors.isEmpty,
            "suggestions": suggestions.map { ["date": $0.date, "time": $0.time] },
            "hasSuggestions": !suggestions.isEmpty,
        ]
    }
}
