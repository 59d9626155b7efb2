/// Clinic-network settings from `content/site.yml` (one value per language).
public struct SiteConfig: Sendable {
    public var title: String
    public var description: String
    public var baseURL: String
    public var languages: [String]
    public var timezone: String
    /// Where forms post, without trailing slash: `/api` or an absolute URL.
    public var endpoint: String
    public var contact: Contact

    public var defaultLanguage: String { languages[0] }

    public struct Contact: Sendable {
        public var phone: String?
        public var email: String?
        public var address: String?
    }
}

/// A specialty from `content/specialties/<slug>.md`.
public struct Specialty: Sendable {
    public let slug: String
    public var title: String
    public var description: String?
    public var bodyHTML: String
}

/// A doctor from `content/doctors/<slug>.md`, in one language. A class: the site's lists, pages and booking
/// rules share one copy of each (10,000 doctors are passed around on every content change).
public final class Doctor: Sendable {
    public let slug: String
    public let name: String
    /// Specialty slugs, at least one.
    public let specialties: [String]
    /// Wilaya name as written in the default language; `wilayaSlug` groups doctors.
    public let wilaya: String
    /// `wilaya` as a URL segment (made once: lists and cards ask for it often).
    public let wilayaSlug: String
    /// The name without its title, lowercased: the lists' order.
    let sortName: String
    public let city: String
    public let address: String
    public let phone: String
    public let email: String?
    /// ISO codes of the languages spoken.
    public let languages: [String]
    public let experience: Int
    /// Path under content/, e.g. `photos/amina.svg`.
    public let photo: String?
    public let fee: String?
    /// Minutes per appointment.
    public let slot: Int
    public let hours: WeeklyHours
    public let holidays: [DateSpan]
    public let draft: Bool
    public let bioHTML: String

    public init(slug: String, name: String, specialties: [String], wilaya: String, city: String, address: String,
                phone: String, email: String? = nil, languages: [String], experience: Int, photo: String? = nil,
                fee: String? = nil, slot: Int, hours: WeeklyHours, holidays: [DateSpan] = [], draft: Bool = false,
                bioHTML: String = "") {
        self.slug = slug
        self.name = name
        self.sortName = Doctor.sortKey(name)
        self.specialties = specialties
        self.wilaya = wilaya
        self.wilayaSlug = Slug.make(wilaya)
        self.city = city
        self.address = address
        self.phone = phone
        self.email = email
        self.languages = languages
        self.experience = experience
        self.photo = photo
        self.fee = fee
        self.slot = slot
        self.hours = hours
        self.holidays = holidays
        self.draft = draft
        self.bioHTML = bioHTML
    }

    /// True if the doctor is away all of `date` (a part-day absence does not count).
    public func isOnHoliday(_ date: LocalDate) -> Bool { holidays.contains { $0.isWholeDays && $0.contains(date) } }

    /// The absence a visit from `time` on `date` falls in (a whole day, or overlapping part of one), if any.
    public func absence(on date: LocalDate, at time: ClockTime) -> DateSpan? {
        holidays.first { $0.covers(date, time, minutes: slot) }
    }
}

/// A free page from `content/pages/<slug>.md`.
public struct Page: Sendable {
    public let slug: String
    public var title: String
    public var description: String?
    public var bodyHTML: String
}

/// One piece of content in every language of the site; missing translations hold the default language's value.
public struct Localized<Value: Sendable>: Sendable {
    public let slug: String
    let values: [String: Value]
    let defaultLanguage: String
    /// Languages with their own translation file (the default language always counts).
    public let translated: Set<String>

    /// The value in the default language.
    public let base: Value

    /// nil without a value in the default language.
    init?(slug: String, values: [String: Value], defaultLanguage: String, translated: Set<String>) {
        guard let base = values[defaultLanguage] else { return nil }
        self.base = base
        self.slug = slug
        self.values = values
        self.defaultLanguage = defaultLanguage
        self.translated = translated
    }

    public subscript(language: String) -> Value { values[language] ?? base }
}

/// Everything in `content/`, validated.
public struct Content: Sendable {
    public var site: Localized<SiteConfig>
    public var specialties: [Localized<Specialty>]
    public var doctors: [Localized<Doctor>]
    public var pages: [Localized<Page>]
    /// Photo files to copy, by their path under content/.
    public var photos: Set<String>
    /// SHA-256 of each source's files ("site", "doctors/<slug>", "specialties/<slug>", "pages/<slug>"), for the
    /// incremental build. A doctor's includes their published ratings.
    var digests: [String: String] = [:]
    /// Published ratings by doctor's slug (`ratings.yml`).
    public var ratings: [String: DoctorRatings] = [:]

    public var config: SiteConfig { site.base }

    public func doctor(_ slug: String) -> Localized<Doctor>? { doctors.first { $0.slug == slug } }
}
