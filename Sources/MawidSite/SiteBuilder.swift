import Foundation

/// `mawid build`: validates content and templates, renders every page in every language,
/// and swaps the new site in place of the old one.
public struct SiteBuilder: Sendable {
    public struct Options: Sendable {
        public var content: String
        public var templates: String
        public var output: String
        public var includeDrafts: Bool

        public init(content: String = "content", templates: String = "Templates", output: String = "site", includeDrafts: Bool = false) {
            self.content = content
            self.templates = templates
            self.output = output
            self.includeDrafts = includeDrafts
        }
    }

    public struct Report: Sendable, CustomStringConvertible {
        public let pages: Int
        public let files: Int
        public let doctors: Int
        public let languages: Int
        public let seconds: Double
        /// The loaded site, for rendering pages again (the server's form pages).
        public let site: SiteRenderer

        public var description: String {
            "built \(pages) pages (\(doctors) doctors × \(languages) languages, \(files) files) in \(String(format: "%.2f", seconds)) s"
        }
    }

    public let options: Options

    public init(options: Options) { self.options = options }

    /// Loads and validates content and templates; throws `ContentErrors` with every problem.
    public func load() throws(ContentErrors) -> (Content, [String: Strings], TemplateSet) {
        var errors: [ContentError] = []
        let templates: TemplateSet?
        do { templates = try TemplateSet(directory: options.templates) } catch {
            errors += error.errors
            templates = nil
        }
        // Languages come from site.yml; read it first for the i18n files' names.
        let languages = (try? SourceFile.parseYAML(String(contentsOfFile: options.content + "/site.yml", encoding: .utf8),
                                                   path: "site.yml"))
            .flatMap { SiteConfigParser.parse(fields: $0, path: "site.yml").0?.languages } ?? []
        var strings: [String: Strings] = [:]
        if !languages.isEmpty {
            do { strings = try Strings.load(directory: options.templates, languages: languages) } catch {
                errors += error.errors
            }
        }
        let known = strings[languages.first ?? ""]?.languageCodes
        let content: Content?
        do {
            content = try ContentLoader(directory: options.content, knownLanguages: known?.isEmpty == false ? known : nil).load()
        } catch {
            errors += error.errors
            content = nil
        }
        guard errors.isEmpty, let content, let templates else { throw ContentErrors(errors) }
        return (content, strings, templates)
    }

    /// Builds the whole site. On any error the existing output folder is left as it was.
    public func build() throws -> Report {
        let start = Date()
        let renderer = try SiteRenderer.load(options)
        let loaded = Date()
        let output = try OutputFolder(target: options.output)
        do {
            let counts = try render(renderer, into: output)
            let rendered = Date()
            try output.commit()
            if ProcessInfo.processInfo.environment["MAWID_TIMING"] != nil {
                let phases = String(format: "load %.3f s, render %.3f s, commit %.3f s", loaded.timeIntervalSince(start),
                                    rendered.timeIntervalSince(loaded), Date().timeIntervalSince(rendered))
                FileHandle.standardError.write(Data("mawid: \(phases)\n".utf8))
            }
            return Report(pages: counts.pages, files: counts.files, doctors: counts.doctors,
                          languages: renderer.languages.count, seconds: Date().timeIntervalSince(start), site: renderer)
        } catch {
            output.discard()
            throw error
        }
    }

    private func render(_ renderer: SiteRenderer, into output: OutputFolder) throws -> (pages: Int, files: Int, doctors: Int) {
        let content = renderer.content
        let templates = renderer.templates
        let config = content.config
        let languages = config.languages
        let directory = renderer.directory
        let contexts = languages.map(renderer.context)

        // Every page as (template, language, context builder); rendered on all cores.
        let cardsByLanguage = contexts.map { ctx in directory.doctors.map(ctx.card) }
        var listJobs: [(template: String, build: (PageContext, [[String: Any]]) -> [String: Any], path: (String) -> String)] = [
            ("home", { c, _ in c.homePage() }, Paths.home),
            ("doctors", { c, cards in c.doctorsPage(cards: cards) }, Paths.doctors),
            ("contact", { c, _ in c.contactPage() }, Paths.contact),
        ]
        for index in directory.specialties.indices {
            listJobs.append(("specialty", { c, cards in c.specialtyPage(index, cards: cards) },
                             { Paths.specialty($0, directory.specialties[index].specialty.slug) }))
        }
        for index in directory.wilayas.indices {
            listJobs.append(("wilaya", { c, cards in c.wilayaPage(index, cards: cards) },
                             { Paths.wilaya($0, directory.wilayas[index].slug) }))
        }
        for page in content.pages {
            listJobs.append(("page", { c, _ in c.freePage(page) }, { Paths.page($0, page.slug) }))
        }

        let doctorCount = directory.doctors.count
        let perLanguage = listJobs.count + doctorCount + 1
        let total = perLanguage * languages.count
        let failure = FirstError()
        nonisolated(unsafe) let jobs = listJobs
        nonisolated(unsafe) let cards = cardsByLanguage
        let chunk = 32
        DispatchQueue.concurrentPerform(iterations: (total + chunk - 1) / chunk) { c in
            for i in (c * chunk)..<min(total, (c + 1) * chunk) where !failure.isSet {
                let ctx = contexts[i / perLanguage]
                let j = i % perLanguage
                let (template, context, path): (String, [String: Any], String)
                if j < doctorCount {
                    let doctor = directory.doctors[j]
                    (template, context, path) = ("doctor", ctx.doctorPage(doctor), Paths.doctor(ctx.lang, doctor.slug))
                } else if j < doctorCount + jobs.count {
                    let job = jobs[j - doctorCount]
                    (template, context, path) = (job.template, job.build(ctx, cards[i / perLanguage]), job.path(ctx.lang))
                } else {
                    (template, context, path) = ("notfound", ctx.notFoundPage(), Paths.notFound(ctx.lang))
                }
                do { try output.write(Paths.file(for: path), templates.render(context, template)) } catch {
                    failure.set(error)
                }
            }
        }
        if let error = failure.error { throw error }

        // Site-wide files.
        let main = contexts[0]
        try output.write("index.html", templates.render(main.rootPage(), "root"))
        try output.write("404.html", templates.render(main.notFoundPage(), "notfound"))
        var sitemapPages: [(String) -> String] = listJobs.map(\.path)
        sitemapPages += directory.doctors.map { doctor in { Paths.doctor($0, doctor.slug) } }
        try output.write("sitemap.xml", Feeds.sitemap(baseURL: config.baseURL, languages: languages, pages: sitemapPages))
        try output.write("robots.txt", Feeds.robots(baseURL: config.baseURL))
        for (index, lang) in languages.enumerated() {
            try output.write(String(Paths.searchIndex(lang).dropFirst()), Feeds.searchIndex(cards: cardsByLanguage[index]))
        }
        for file in renderer.assets.files {
            try output.write(file.published, data: FileManager.default.contents(atPath: file.source) ?? Data())
        }
        for photo in content.photos.sorted() {
            try output.write(String(Paths.media(photo).dropFirst()), data: FileManager.default.contents(atPath: options.content + "/" + photo) ?? Data())
        }
        let files = total + 4 + languages.count + renderer.assets.files.count + content.photos.count
        return (total + 1, files, doctorCount)
    }
}

/// The first error thrown by any worker thread.
final class FirstError: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Error?
    var isSet: Bool { lock.withLock { stored != nil } }
    var error: Error? { lock.withLock { stored } }
    func set(_ error: Error) { lock.withLock { if stored == nil { stored = error } } }
}
