import Foundation

/// `content/specialties/<slug>.md`: a title and a description.
enum SpecialtyParser {
    static let allowedKeys = ["title", "description"]

    static func parse(slug: String, fields: [String: Field], path: String, bodyHTML: String) -> (Specialty?, [ContentError]) {
        var r = FieldReader(fields: fields, path: path)
        r.rejectUnknownKeys(allowed: allowedKeys)
        let title = r.string("title", required: "Cardiologie")
        let description = r.string("description")
        guard r.errors.isEmpty, let title else { return (nil, r.errors) }
        return (Specialty(slug: slug, title: title, description: description, bodyHTML: bodyHTML), [])
    }
}

/// `content/pages/<slug>.md`: free pages such as about or privacy.
enum PageParser {
    static let allowedKeys = ["title", "description"]
    /// Slugs the generator uses for its own pages.
    static let reservedSlugs = ["doctors", "specialties", "wilayas", "contact", "assets", "media", "search", "404"]

    static func parse(slug: String, fields: [String: Field], path: String, bodyHTML: String) -> (Page?, [ContentError]) {
        var r = FieldReader(fields: fields, path: path)
        r.rejectUnknownKeys(allowed: allowedKeys)
        let title = r.string("title", required: "À propos")
        let description = r.string("description")
        guard r.errors.isEmpty, let title else { return (nil, r.errors) }
        return (Page(slug: slug, title: title, description: description, bodyHTML: bodyHTML), [])
    }
}

/// `content/site.yml`: the clinic network's settings.
enum SiteConfigParser {
    static let allowedKeys = ["title", "description", "baseURL", "languages", "timezone", "endpoint", "contact"]
    static let translatableKeys = ["title", "description", "contact"]
    static let contactKeys = ["phone", "email", "address"]

    static func parse(fields: [String: Field], path: String) -> (SiteConfig?, [ContentError]) {
        var r = FieldReader(fields: fields, path: path)
        r.rejectUnknownKeys(allowed: allowedKeys)
        let title = r.string("title", required: "\"Mawid — Médecins d'Algérie\"")
        let description = r.string("description") ?? ""
        var baseURL = r.string("baseURL", required: "https://mawid.example.dz") ?? ""
        while baseURL.hasSuffix("/") { baseURL.removeLast() }
        if !baseURL.isEmpty, URL(string: baseURL)?.host == nil || !(baseURL.hasPrefix("https://") || baseURL.hasPrefix("http://")) {
            r.fail("baseURL", "\"\(baseURL)\" is not an absolute URL", suggestion: "write it like https://mawid.example.dz")
        }
        let languages = r.strings("languages", required: "[fr, ar, en]") ?? []
        if r.has("languages") && languages.isEmpty {
            r.fail("languages", "no language given", suggestion: "write e.g. `languages: [fr, ar, en]`; the first is the default")
        }
        for code in languages where !Slug.isValid(code) || code.contains("-") {
            r.fail("languages", "\"\(code)\" is not a language code", suggestion: "use codes such as fr, ar, en")
        }
        if Set(languages).count != languages.count {
            r.fail("languages", "a language is listed twice", suggestion: "list each language once")
        }
        let timezone = r.string("timezone") ?? "Africa/Algiers"
        if TimeZone(identifier: timezone) == nil {
            r.fail("timezone", "unknown time zone \"\(timezone)\"", suggestion: "write it like Africa/Algiers")
        }
        var endpoint = r.string("endpoint") ?? "/api"
        while endpoint.hasSuffix("/") { endpoint.removeLast() }
        if !(endpoint.hasPrefix("/") || endpoint.hasPrefix("https://") || endpoint.hasPrefix("http://")) {
            r.fail("endpoint", "\"\(endpoint)\" is neither a path nor an absolute URL",
                   suggestion: "use /api when the endpoint serves the site, or https://booking.example.dz/api")
        }
        let contact = readContact(&r)
        guard r.errors.isEmpty, let title else { return (nil, r.errors) }
        return (SiteConfig(title: title, description: description, baseURL: baseURL, languages: languages,
                           timezone: timezone, endpoint: endpoint, contact: contact), [])
    }

    private static func readContact(_ r: inout FieldReader) -> SiteConfig.Contact {
        guard let field = r.fields["contact"] else { return SiteConfig.Contact() }
        guard field.node.mapping != nil else {
            r.fail("contact", "expected `phone:`, `email:` and `address:` under `contact:`")
            return SiteConfig.Contact()
        }
        var fields: [String: Field] = [:]
        for (key, value) in field.node.mapping! {
            let name = key.string ?? ""
            fields[name] = Field(node: value, path: field.path, line: field.line(of: key), lineOffset: field.lineOffset)
        }
        var inner = FieldReader(fields: fields, path: field.path, line: field.line)
        inner.rejectUnknownKeys(allowed: contactKeys)
        let contact = SiteConfig.Contact(phone: inner.string("phone"), email: inner.string("email"), address: inner.string("address"))
        if let phone = contact.phone, PhoneNumber.normalized(phone) == nil {
            inner.fail("phone", "\"\(phone)\" is not a phone number", suggestion: "write it like \"+213 21 23 45 67\"")
        }
        if let email = contact.email, !EmailAddress.isValid(email) {
            inner.fail("email", "\"\(email)\" is not an email address", suggestion: "write it like contact@example.dz")
        }
        for error in inner.errors {
            r.fail(Field(node: field.node, path: error.path, line: error.line, lineOffset: 0),
                   key: "contact." + error.field, error.message, suggestion: error.suggestion)
        }
        return contact
    }
}
