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
        let tables = out + "|" + directory.specialties.map(\.specialty.slug).joined(separator: ",")
            + "|" + directory.wilayas.map(\.slug).joined(separator: ",")
        func row(_ entry: Localized<Doctor>) -> String {
            let doctor = entry[lang]
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
            return row
        }
        out += ",\"d\":["
        if let rows {
            out += rows.text(tables: tables, doctors: directory.doctors, lang: lang, row: row)
        } else {
            out += directory.doctors.map(row).joined(separator: ",")
        }
        return out + "]}\n"
    }
}

/// The search index rows of one language from the last build, in blocks of consecutive doctors: a block
/// whose doctors are the same objects as last time (a doctor parsed again is a new `Doctor`) under the same
/// numbered tables of specialties and wilayas is reused as it is. One build at a time uses it.
final class SearchRows: @unchecked Sendable {
    private struct Block {
        let doctors: [Doctor]
        let text: String
    }

    static let blockSize = 128
    private var tables = ""
    private var blocks: [Block] = []

    init() {}

    /// The rows of `doctors`, comma-separated.
    func text(tables: String, doctors: [Localized<Doctor>], lang: String, row: (Localized<Doctor>) -> String) -> String {
        if tables != self.tables {
            blocks = []
            self.tables = tables
        }
        var next: [Block] = []
        var out = ""
        for (number, start) in stride(from: 0, to: doctors.count, by: Self.blockSize).enumerated() {
            let members = doctors[start..<min(doctors.count, start + Self.blockSize)]
            // A doctor's row reads its text in this language and its specialties and wilaya in the default one.
            var objects: [Doctor] = []
            objects.reserveCapacity(members.count * 2)
            for entry in members {
                objects.append(entry[lang])
                objects.append(entry.base)
            }
            let block: Block
            if number < blocks.count, blocks[number].doctors.count == objects.count,
               zip(blocks[number].doctors, objects).allSatisfy({ $0 === $1 }) {
                block = blocks[number]
            } else {
                block = Block(doctors: objects, text: members.map(row).joined(separator: ","))
            }
            if number > 0 { out += "," }
            out += block.text
            next.append(block)
        }
        blocks = next
        return out
    }
}
