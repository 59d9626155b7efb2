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

        // Doctor cards, reused by every list page of their language.
        let cardsByLanguage = contexts.map { ctx in
            directory.doctors.parallelMap { Unchecked(ctx.card($0)) }.map(\.value)
        }
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
        var sitemapPages: [(String) -> String] = listJobs.map(\.path)
        sitemapPages += directory.doctors.map { doctor in { Paths.doctor($0, doctor.slug) } }

        // Every file as one unit of work, longest first (big lists, feeds), then one per doctor page,
        // so both cores stay busy to the end.
        var work: [() throws -> Void] = []
        for (index, ctx) in contexts.enumerated() {
            for job in listJobs {
                work.append { try output.write(Paths.file(for: job.path(ctx.lang)), templates.render(job.build(ctx, cardsByLanguage[index]), job.template)) }
            }
            work.append { try output.write(String(Paths.searchIndex(ctx.lang).dropFirst()), Feeds.searchIndex(cards: cardsByLanguage[index])) }
            work.append { try output.write(Paths.file(for: Paths.notFound(ctx.lang)), templates.render(ctx.notFoundPage(), "notfound")) }
        }
        work.append { try output.write("sitemap.xml", Feeds.sitemap(baseURL: config.baseURL, languages: languages, pages: sitemapPages)) }
        let main = contexts[0]
        work.append { try output.write("index.html", templates.render(main.rootPage(), "root")) }
        work.append { try output.write("404.html", templates.render(main.notFoundPage(), "notfound")) }
        work.append { try output.write("robots.txt", Feeds.robots(baseURL: config.baseURL)) }
        for file in renderer.assets.files {
            work.append { try output.write(file.published, data: FileManager.default.contents(atPath: file.source) ?? Data()) }
        }
        for photo in content.photos.sorted() {
            let source = options.content + "/" + photo
            work.append { try output.write(String(Paths.media(photo).dropFirst()), data: FileManager.default.contents(atPath: source) ?? Data()) }
        }
        for ctx in contexts {
            for doctor in directory.doctors {
                work.append { try output.write(Paths.file(for: Paths.doctor(ctx.lang, doctor.slug)), templates.render(ctx.doctorPage(doctor), "doctor")) }
            }
        }
        let failure = FirstError()
        nonisolated(unsafe) let units = work
        DispatchQueue.concurrentPerform(iterations: units.count) { i in
            guard !failure.isSet else { return }
            do { try units[i]() } catch { failure.set(error) }
        }
        if let error = failure.error { throw error }
        let doctorCount = directory.doctors.count
        let total = (listJobs.count + doctorCount + 1) * languages.count
        return (total + 1, units.count, doctorCount)
    }
}

/// A value handed between threads that only read it.
struct Unchecked<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// The first error thrown by any worker thread.
final class FirstError: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Error?
    var isSet: Bool { lock.withLock { stored != nil } }
    var error: Error? { lock.withLock { stored } }
    func set(_ error: Error) { lock.withLock { if stored == nil { stored = error } } }
}
