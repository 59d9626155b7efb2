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
    /// 10,000 doctors make about 0.4 MB, 70 KB gzipped.
    static func searchIndex(prefix: String, cards: [[String: Any]]) -> String {
        var specialties: [String] = [], specialtyNumbers: [String: Int] = [:]
        var wilayas: [String] = [], wilayaNumbers: [String: Int] = [:]
        func number(_ name: String, _ table: inout [String], _ numbers: inout [String: Int]) -> Int {
            if let number = numbers[name] { return number }
            table.append(name)
            numbers[name] = table.count - 1
            return table.count - 1
        }
        var rows: [JSON] = []
        rows.reserveCapacity(cards.count)
        for card in cards {
            let titles = (card["specialties"] as? [[String: String]] ?? []).map { $0["title"] ?? "" }
            let codes = titles.map { JSON.number(number($0, &specialties, &specialtyNumbers)) }
            rows.append(.array([.string(card["name"] as! String), .string(card["slug"] as! String), .array(codes),
                                .string(card["city"] as! String),
                                .number(number(card["wilaya"] as! String, &wilayas, &wilayaNumbers))]))
        }
        return JSON.object([("p", .string(prefix)), ("s", .array(specialties.map(JSON.string))),
                            ("w", .array(wilayas.map(JSON.string))), ("d", .array(rows))]).text + "\n"
    }
}
