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

    /// `[{n: name, s: specialties, c: city, w: wilaya, u: path}]` for the search box.
    static func searchIndex(cards: [[String: Any]]) -> String {
        JSON.array(cards.map { card in
            JSON.object([
                ("n", .string(card["name"] as! String)),
                ("s", .string(card["specialtyNames"] as! String)),
                ("c", .string(card["city"] as! String)),
                ("w", .string(card["wilaya"] as! String)),
                ("u", .string(card["path"] as! String)),
            ])
        }).text + "\n"
    }
}
