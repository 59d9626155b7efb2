import Foundation

/// Every file of the site as an `OutputUnit`, each keyed by what it is made from:
/// - a doctor's page: the doctor's files (all languages) and the shared sources;
/// - a list page: the shared sources, what the page itself shows (counts, page numbers) and the files of
///   the doctors whose cards it shows, in order;
/// - the search index: the shared sources and every listed doctor's files; the sitemap: the list of URLs.
/// "Shared sources" (`shared`) are site.yml and its translations, specialties, free pages, templates, UI
/// strings and assets: a change there changes every key. The build test checks on random edits that an
/// incremental build writes the same bytes as a clean one, which is what keeps this list honest.
struct SitePlan {
    let units: [OutputUnit]
    let doctorCount: Int
    /// The digest of each listed doctor's files, by slug.
    let doctorDigests: [String: String]

    init(renderer: SiteRenderer, contentDirectory: String, templatesDigest: String, includeDrafts: Bool,
         searchRows: [String: SearchRows] = [:], cardHTML: [String: CardHTML] = [:]) {
        let content = renderer.content
        let templates = renderer.templates
        let config = content.config
        let languages = config.languages
        let directory = renderer.directory
        let contexts = languages.map(renderer.context)
        let digests = content.digests
        let shared = Self.shared(content, templatesDigest: templatesDigest, includeDrafts: includeDrafts)
        let doctorDigests = directory.doctors.map { digests["doctors/" + $0.slug] ?? "" }
        // What every doctor's files are, and which doctors there are: keys of the search index and sitemap.
        let allDoctors = SourceDigest.of(doctorDigests)

        // Cards are made on demand and shared by the list pages of one language.
        let cards = contexts.map { context in
            let html = cardHTML[context.lang]
            html?.start(shared: shared)
            return CardCache(context: context, doctors: directory.doctors, templates: templates, html: html)
        }
        var lists = ListPlan.pages(directory: directory, content: content)
        var units: [OutputUnit] = []
        var sitemap: [(String) -> String] = lists.map(\.path)
        sitemap += directory.doctors.map { doctor in { Paths.doctor($0, doctor.slug) } }
        for (index, ctx) in contexts.enumerated() {
            let lang = ctx.lang
            let cardCache = cards[index]
            for list in lists {
                var parts = [shared, list.template, list.path(lang), list.extra]
                parts += list.members.map { doctorDigests[$0] }
                units.append(Self.listPage(list, key: SourceDigest.of(parts), context: ctx, cards: cardCache, templates: templates))
            }
            let rows = searchRows[lang]
            units.append(OutputUnit(String(Paths.searchIndex(lang).dropFirst()),
                                    key: SourceDigest.of([shared, "search", lang, allDoctors])) {
                Feeds.searchIndex(ctx, rows: rows)
            })
            units.append(OutputUnit(Paths.file(for: Paths.notFound(lang)), key: SourceDigest.of([shared, "notfound", lang])) {
                templates.render(ctx.notFoundPage(), "notfound")
            })
            let prefix = Self.doctorKeyPrefix(shared: shared, lang: lang)
            for (doctor, digest) in zip(directory.doctors, doctorDigests) {
                units.append(Self.doctorPage(doctor, digest: digest, prefix: prefix, context: ctx, templates: templates))
            }
        }
        let main = contexts[0]
        // The sitemap lists the list pages and the doctors' pages, in order: their slugs, not their files.
        var sitemapDigest = SourceDigest()
        for part in [shared, "sitemap"] + lists.map({ $0.path(languages[0]) }) { sitemapDigest.add(part) }
        for doctor in directory.doctors { sitemapDigest.add(doctor.slug) }
        let sitemapKey = sitemapDigest.hex()
        units.append(OutputUnit("sitemap.xml", key: sitemapKey) {
            Feeds.sitemap(baseURL: config.baseURL, languages: languages, pages: sitemap)
        })
        lists.removeAll()
        units.append(OutputUnit("index.html", key: SourceDigest.of([shared, "root"]), page: true) {
            templates.render(main.rootPage(), "root")
        })
        units.append(OutputUnit("404.html", key: SourceDigest.of([shared, "404"])) {
            templates.render(main.notFoundPage(), "notfound")
        })
        units.append(OutputUnit("robots.txt", key: SourceDigest.of([shared, "robots"])) { Feeds.robots(baseURL: config.baseURL) })
        for file in renderer.assets.files {
            units.append(OutputUnit(copy: file.source, to: file.published, key: file.published))
        }
        for photo in content.photos.sorted() {
            let source = contentDirectory + "/" + photo
            let stamp = FileStamp(path: source).map { "\($0.device):\($0.inode):\($0.size):\($0.modified):\($0.changed)" } ?? "-"
            units.append(OutputUnit(copy: source, to: String(Paths.media(photo).dropFirst()), key: stamp))
        }
        self.units = units
        self.doctorCount = directory.doctors.count
        self.doctorDigests = Dictionary(zip(directory.doctors.map(\.slug), doctorDigests)) { first, _ in first }
    }
}

extension SitePlan {
    /// The digest of the sources every file depends on: site.yml and its translations, specialties, free
    /// pages, templates, UI strings and assets.
    static func shared(_ content: Content, templatesDigest: String, includeDrafts: Bool) -> String {
        let digests = content.digests
        var parts = [SiteManifest.version, templatesDigest, digests["site"] ?? "", includeDrafts ? "drafts" : "published"]
        parts += content.specialties.map { digests["specialties/" + $0.slug] ?? "" }
        parts += content.pages.map { digests["pages/" + $0.slug] ?? "" }
        return SourceDigest.of(parts)
    }

    /// A doctor's page is keyed by this language's shared sources and the doctor's files: the prefix, then
    /// the digest of the doctor's files (no hash per page: 30,000 of them are planned on every change).
    static func doctorKeyPrefix(shared: String, lang: String) -> String {
        String(SourceDigest.of([shared, "doctor", lang]).prefix(24))
    }

    static func listPage(_ list: ListPlan, key: String, context: PageContext, cards: CardCache, templates: TemplateSet)
        -> OutputUnit {
        OutputUnit(Paths.file(for: list.path(context.lang)), key: key, page: true) {
            templates.render(list.build(context, cards.cards(list.members)), list.template)
        }
    }

    static func doctorPage(_ doctor: Localized<Doctor>, digest: String, prefix: String, context: PageContext,
                           templates: TemplateSet) -> OutputUnit {
        OutputUnit(Paths.doctorFile(context.lang, doctor.slug), key: prefix + digest, page: true, first: true) {
            templates.render(context.doctorPage(doctor), "doctor")
        }
    }
}

/// The cards of one language's doctors, each made once when a page first needs it, with `html`: the card
/// rendered by `partials/doctor-card` (what the lists show), from `CardHTML` when the doctor did not change
/// since the last build. Thread-safe.
final class CardCache: @unchecked Sendable {
    private let context: PageContext
    private let doctors: [Localized<Doctor>]
    private let templates: TemplateSet
    private let html: CardHTML?
    private let lock = NSLock()
    private var made: [Int: [String: Any]] = [:]

    init(context: PageContext, doctors: [Localized<Doctor>], templates: TemplateSet, html: CardHTML?) {
        self.context = context
        self.doctors = doctors
        self.templates = templates
        self.html = html
    }

    func cards(_ indices: [Int]) -> [[String: Any]] {
        let missing = lock.withLock { indices.filter { made[$0] == nil } }
        var fresh: [Int: [String: Any]] = [:]
        if missing.count > 64 {
            let values = missing.parallelMap { Unchecked(self.card($0)) }
            for (index, value) in zip(missing, values) { fresh[index] = value.value }
        } else {
            for index in missing { fresh[index] = card(index) }
        }
        return lock.withLock {
            made.merge(fresh) { old, _ in old }
            return indices.map { made[$0]! }
        }
    }

    private func card(_ index: Int) -> [String: Any] {
        var card = context.card(doctors[index])
        let doctor = doctors[index][context.lang]
        if let kept = html?.html(for: doctor) {
            card["html"] = kept
        } else {
            var standalone = card
            standalone["t"] = context.strings.table
            let text = templates.render(standalone, "partials/doctor-card")
            html?.keep(text, for: doctor)
            card["html"] = text
        }
        return card
    }
}

/// Rendered doctor cards of one language between builds, by doctor: a doctor parsed again is a new `Doctor`
/// object; anything else a card shows (templates, strings, specialties' titles) is in the shared sources,
/// whose change empties the cache. Thread-safe.
final class CardHTML: @unchecked Sendable {
    private let lock = NSLock()
    private var shared = ""
    private var cards: [String: (doctor: Doctor, html: String)] = [:]

    init() {}

    func start(shared: String) {
        lock.withLock {
            if shared != self.shared {
                cards = [:]
                self.shared = shared
            }
        }
    }

    func html(for doctor: Doctor) -> String? {
        lock.withLock { cards[doctor.slug].flatMap { $0.doctor === doctor ? $0.html : nil } }
    }

    func keep(_ html: String, for doctor: Doctor) {
        lock.withLock { cards[doctor.slug] = (doctor, html) }
    }
}
