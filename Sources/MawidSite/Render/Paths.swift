/// Site-relative URLs of every page. All page URLs end in `/` and are served from `index.html`.
public enum Paths {
    public static func home(_ lang: String) -> String { "/\(lang)/" }
    public static func doctors(_ lang: String) -> String { "/\(lang)/doctors/" }
    public static func doctor(_ lang: String, _ slug: String) -> String { "/\(lang)/doctors/\(slug)/" }
    public static func specialty(_ lang: String, _ slug: String) -> String { "/\(lang)/specialties/\(slug)/" }
    public static func wilaya(_ lang: String, _ slug: String) -> String { "/\(lang)/wilayas/\(slug)/" }
    public static func contact(_ lang: String) -> String { "/\(lang)/contact/" }
    public static func page(_ lang: String, _ slug: String) -> String { "/\(lang)/\(slug)/" }
    public static func notFound(_ lang: String) -> String { "/\(lang)/404.html" }
    public static func searchIndex(_ lang: String) -> String { "/\(lang)/search.json" }
    public static func media(_ path: String) -> String { "/media/" + path }

    /// The file of a doctor's page, relative to the output folder (`file(for: doctor(lang, slug))`).
    static func doctorFile(_ lang: String, _ slug: String) -> String { "\(lang)/doctors/\(slug)/index.html" }

    /// The file a URL path is written to, relative to the output folder.
    static func file(for path: String) -> String {
        let relative = String(path.dropFirst())
        return relative.isEmpty || relative.hasSuffix("/") ? relative + "index.html" : relative
    }
}
