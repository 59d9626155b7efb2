import Foundation

/// Builds the dictionaries the templates render (see docs/TEMPLATES.md), one language at a time.
struct PageContext: @unchecked Sendable {
    let lang: String
    let site: SiteConfig
    let strings: Strings
    let languages: [String]
    let languageNames: [String: String]
    let directory: Directory
    let pages: [Localized<Page>]
    let assets: [String: String]
    /// Published ratings by doctor (`ratings.yml`).
    var ratings: [String: DoctorRatings] = [:]

    /// Keys every page shares; `path(lang)` gives this page's URL in each language.
    func base(title: String, description: String? = nil, path: (String) -> String) -> [String: Any] {
        let here = path(lang)
        var contact: [String: Any] = [:]
        if let phone = site.contact.phone {
            contact["phone"] = phone
            contact["phoneHref"] = "tel:" + (PhoneNumber.normalized(phone) ?? phone)
        }
        contact["email"] = site.contact.email
        contact["address"] = site.contact.address
        return [
            "lang": lang,
            "dir": strings.isRightToLeft ? "rtl" : "ltr",
            "t": strings.table,
            "site": [
                "title": site.title, "description": site.description, "baseURL": site.baseURL,
                "endpoint": site.endpoint, "contact": contact,
            ] as [String: Any],
            "page": [
                "title": title, "description": description ?? site.description,
                "path": here, "canonical": site.baseURL + here,
            ],
            "alternates": [
                "items": languages.map { ["lang": $0, "url": site.baseURL + path($0)] },
                "defaultURL": site.baseURL + path(languages[0]),
            ] as [String: Any],
            "languages": languages.map {
                ["code": $0, "name": languageNames[$0] ?? $0, "path": path($0), "current": $0 == lang] as [String: Any]
            },
            "nav": [
                "home": Paths.home(lang), "doctors": Paths.doctors(lang), "contact": Paths.contact(lang),
                "pages": pages.map { ["title": $0[lang].title, "path": Paths.page(lang, $0.slug)] },
            ] as [String: Any],
            "assets": assets,
            "searchIndex": Paths.searchIndex(lang),
        ]
    }

    func wilayaName(_ wilaya: Directory.Wilaya) -> String {
        strings.nested("wilayas", wilaya.slug) ?? wilaya.name
    }

    func wilayaName(of doctor: Doctor) -> String {
        strings.nested("wilayas", doctor.wilayaSlug) ?? doctor.wilaya
    }

    func specialtyTitle(_ slug: String) -> String {
        directory.specialties.first { $0.specialty.slug == slug }?.specialty[lang].title ?? slug
    }

    /// The short summary used in every list of doctors.
    func card(_ entry: Localized<Doctor>) -> [String: Any] {
        let doctor = entry[lang]
        let specialties = doctor.specialties.map { ["title": specialtyTitle($0), "path": Paths.specialty(lang, $0)] }
        var card: [String: Any] = [
            "slug": doctor.slug,
            "name": doctor.name,
            "path": Paths.doctor(lang, doctor.slug),
            "initials": doctor.initials,
            "specialties": specialties,
            "specialtyNames": specialties.map { $0["title"]! }.joined(separator: ", "),
            "city": doctor.city,
            "wilaya": wilayaName(of: doctor),
            "wilayaPath": Paths.wilaya(lang, doctor.wilayaSlug),
            "experience": doctor.experience,
            "days": doctor.hours.openDays.map { strings.nested("days_short", $0.rawValue) ?? $0.rawValue }.joined(separator: ", "),
        ]
        card["photo"] = doctor.photo.map(Paths.media)
        return card
    }
}
