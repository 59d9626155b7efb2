/// sitemap.xml, robots.txt and the per-language search index.
enum Feeds {
    /// One `<url>` per page and language, each listing its translations as hreflang alternates.
    static func sitemap(baseURL: String, languages: [String], pages: [(String) -> String]) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n"
        for path in pages {
            var alternates = ""
            for lang in languages {
                alternates += "    <xhtml:link rel=\"alternate\" hreflang=\"\(lang)\" href=\"\(XML.escape(baseURL + path(lang)))\"/>\n"
            }
            alternates += "    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"\(XML.escape(baseURL + path(languages[0])))\"/>\n"
            for lang in languages {
                out += "  <url>\n    <loc>\(XML.escape(baseURL + path(lang)))</loc>\n" + alternates + "  </url>\n"
            }
        }
        return out + "</urlset>\n"
    }

    static func robots(baseURL: String) -> String {
        "User-agent: *\nAllow: /\nDisallow: /api/\nDisallow: /review/\nSitemap: \(baseURL)/sitemap.xml\n"
    }

    /// The search box's index of one language, compact because a phone downloads it whole:
    /// `{"p": doctors' URL prefix, "s": [specialty names], "w": [wilaya names],
    ///   "d": [[name, slug, [specialty numbers], city, wilaya number], …]}` (numbers index `s` and `w`).
    /// `rows`, kept between builds, saves making again the rows of doctors that did not change.
    static func searchIndex(_ context: PageContext, rows: SearchRows? = nil) -> String {
        let directory = context.directory
        let lang = context.lang
        var specialtyNumbers: [String: Int] = [:]
        for (number, entry) in directory.specialties.enumerated() { specialtyNumbers[entry.specialty.slug] = number }
        var wilayaNumbers: [String: Int] = [:]
        for (number, wilaya) in directory.wilayas.enumerated() { wilayaNumbers[wilaya.slug] = number }
        var out = "{\"p\":"
        JSON.quote(Paths.doctors(lang), into: &out)
        out += ",\"s\":"
        JSON.array(directory.specialties.map { .string($0.specialty[lang].title) }).write(to: &out)
        out += ",\"w\":"
        JSON.array(directory.wilayas.map { .string(context.wilayaName($0)) }).write(to: &out)
        let made = rows?.start(tables: out + "|" + directory.specialties.map(\.specialty.slug).joined(separator: ",")
            + "|" + directory.wilayas.map(\.slug).joined(separator: ","))
        out += ",\"d\":["
        out.reserveCapacity(out.utf8.count + directory.doctors.count * 64)
        for (position, entry) in directory.doctors.enumerated() {
            if position > 0 { out += "," }
            let doctor = entry[lang]
            if let row = made?.row(doctor, entry.base) {
                out += row
                continue
            }
            var row = "["
            JSON.quote(doctor.name, into: &row)
            row += ","
            JSON.quote(doctor.slug, into: &row)
            row += ",["
            row += entry.base.specialties.compactMap { specialtyNumbers[$0].map(String.init) }.joined(separator: ",")
            row += "],"
            JSON.quote(doctor.city, into: &row)
            row += ","
            row += String(wilayaNumbers[entry.base.wilayaSlug] ?? 0)
            row += "]"
            made?.keep(row, doctor, entry.base)
            out += row
        }
        made?.finish()
        return out + "]}\n"
    }
}

/// The search index rows of one language from the last build, by doctor: a doctor parsed again is a new
/// `Doctor` object, so an identical object means an identical row, as long as the numbered tables of
/// specialties and wilayas are the same. Used by one build at a time.
final class SearchRows: @unchecked Sendable {
    private var tables = ""
    private var rows: [String: (doctor: Doctor, base: Doctor, row: String)] = [:]
    private var next: [String: (doctor: Doctor, base: Doctor, row: String)] = [:]

    init() {}

    /// Begins a build whose tables are `tables`: rows made under other tables are dropped.
    func start(tables: String) -> SearchRows {
        if tables != self.tables {
            rows = [:]
            self.tables = tables
        }
        next = [:]
        next.reserveCapacity(rows.count)
        return self
    }

    func row(_ doctor: Doctor, _ base: Doctor) -> String? {
        guard let kept = rows[doctor.slug], kept.doctor === doctor, kept.base === base else { return nil }
        next[doctor.slug] = kept
        return kept.row
    }

    func keep(_ row: String, _ doctor: Doctor, _ base: Doctor) { next[doctor.slug] = (doctor, base, row) }

    func finish() {
        rows = next
        next = [:]
    }
}
