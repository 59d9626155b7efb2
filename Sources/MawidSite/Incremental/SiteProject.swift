import Foundation

/// A site kept up to date across builds: `mawid build` (one update), `mawid build --watch` and `mawid serve`
/// (one update per change). Each update loads only the content files that changed (`ParseCache`), keys every
/// output file by what it is made from (`SitePlan`), and writes only the files whose key changed, each by an
/// atomic rename. Without a record of what the output holds (a first build, an output made by another
/// version), it builds everything into a new folder and swaps it in (`OutputFolder`).
///
/// An update that finds errors in the content throws `ContentErrors` and changes nothing: the output and
/// `site` stay the last good ones.
public final class SiteProject: @unchecked Sendable {
    public let options: SiteBuilder.Options
    private let cache = ParseCache()
    /// Set by `cancel()`: a first build into a new folder stops and leaves the output as it was.
    private let cancelled = FirstError()
    /// The search index's rows by language, between updates.
    private var searchRows: [String: SearchRows] = [:]
    /// Rendered doctor cards by language, between updates.
    private var cardHTML: [String: CardHTML] = [:]
    private var theme: Theme?
    /// Keys of the files in the output now; nil: read them from the manifest.
    private var written: SiteManifest.Entries?
    /// The last content that built without errors.
    public private(set) var site: SiteRenderer?
    /// The directory of the last load, patched by the next one when it can be.
    private var directory: Directory?
    /// What the output's doctors' pages were made from, after an update that finished: the shared sources'
    /// digest and each listed doctor's (by slug). An update that leaves the shared sources as they were finds
    /// the doctors' pages to write (and to remove) from these, before planning the whole site.
    private var doctorPages: (shared: String, digests: [String: String])?

    public init(options: SiteBuilder.Options) {
        self.options = options
    }

    /// Loads content and templates, reusing what has not changed; throws `ContentErrors` with every problem.
    ///
    /// `changed`: the paths that changed since the last load, as the `DirectoryWatcher` of the content and
    /// templates folders reports them; nil: unknown, every file is checked.
    public func load(changed: Set<String>? = nil) throws(ContentErrors) -> SiteRenderer {
        var errors: [ContentError] = []
        // Languages come from site.yml; read it first for the i18n files' names.
        let languages = (try? SourceFile.parseYAML(String(contentsOfFile: options.content + "/site.yml", encoding: .utf8),
                                                   path: "site.yml"))
            .flatMap { SiteConfigParser.parse(fields: $0, path: "site.yml").0?.languages } ?? []
        let stamps = Theme.stamps(options.templates)
        var theme = self.theme
        if theme == nil || theme!.stamps != stamps || theme!.languages != languages {
            do { theme = try Theme.load(directory: options.templates, languages: languages, stamps: stamps) } catch {
                errors += error.errors
                theme = nil
            }
        }
        let known = theme?.strings[languages.first ?? ""]?.languageCodes
        var content: Content?
        do {
            content = try ContentLoader(directory: options.content, knownLanguages: known?.isEmpty == false ? known : nil,
                                        cache: cache).load(changed: contentChanges(changed))
        } catch {
            errors += error.errors
        }
        guard errors.isEmpty, let content, let theme else { throw ContentErrors(errors) }
        self.theme = theme
        let renderer = SiteRenderer(content: content, strings: theme.strings, templates: theme.templates,
                                    assets: theme.assets, includeDrafts: options.includeDrafts, previous: directory)
        directory = renderer.directory
        return renderer
    }

    /// The watcher's paths as `ContentLoader` hints: changed Markdown files by collection folder. nil (look at
    /// everything) when anything else under the content folder changed (site.yml, a photo, a folder) or a
    /// path is in neither watched folder; template changes are found by their stamps (`Theme`).
    func contentChanges(_ changed: Set<String>?) -> ContentLoader.Changed? {
        guard let changed else { return nil }
        let content = options.content + "/", templates = options.templates + "/"
        var byFolder: ContentLoader.Changed = [:]
        for path in changed {
            if path == content + RatingsFile.name {
                continue  // read on every load
            } else if path.hasPrefix(content) {
                let parts = path.dropFirst(content.count).split(separator: "/", omittingEmptySubsequences: false)
                guard parts.count == 2, ["doctors", "specialties", "pages"].contains(parts[0]), parts[1].hasSuffix(".md")
                else { return nil }
                byFolder[String(parts[0]), default: []].insert(String(parts[1]))
            } else if !path.hasPrefix(templates) {
                return nil
            }
        }
        return byFolder
    }

    /// Brings the output up to date with the content; see the type's description. `loaded` is called with
    /// the new content once it is known to be valid, before any file is written. `changed`: see `load`.
    ///
    /// `pagesWritten` is called once the doctors' own pages that changed are written, before the list pages,
    /// search indexes and sitemap: `mawid serve` switches its booking rules there, so a doctor's edit is live
    /// on their page and in the API at once while a new doctor's shift through 500 list pages follows. (A
    /// first build into a new folder calls it after the swap.) When the shared sources did not change, those
    /// pages are found from the doctors' digests, before the whole site is planned.
    @discardableResult
    public func update(changed: Set<String>? = nil, loaded: ((SiteRenderer) -> Void)? = nil,
                       pagesWritten: ((SiteRenderer) -> Void)? = nil) throws -> SiteBuilder.Report {
        let start = ContinuousClock.now
        let cpu0 = Self.cpuTime()
        let renderer = try load(changed: changed)
        loaded?(renderer)
        let loaded = ContinuousClock.now
        let cpu1 = Self.cpuTime()
        for lang in renderer.languages where searchRows[lang] == nil {
            searchRows[lang] = SearchRows()
            cardHTML[lang] = CardHTML()
        }
        let shared = SitePlan.shared(renderer.content, templatesDigest: theme!.digest, includeDrafts: options.includeDrafts)
        let previousPages = doctorPages
        doctorPages = nil  // unknown until this update has finished writing
        // The doctors' pages written (and removed) before planning the rest.
        var early: (written: Set<String>, removed: Set<String>)?
        var pagesDone: ContinuousClock.Instant?
        if let pagesWritten, let previousPages, previousPages.shared == shared, written != nil {
            let pages = try writeDoctorPages(renderer, shared: shared, previous: previousPages.digests)
            pagesWritten(renderer)
            pagesDone = ContinuousClock.now
            var written = pages.written
            // A few doctors changed (an editor's save): their cards in the lists next.
            if !pages.positions.isEmpty && pages.positions.count <= 16 {
                written.formUnion(try writeListPages(showing: pages.positions, renderer))
            }
            early = (written, pages.removed)
        }
        let plan = SitePlan(renderer: renderer, contentDirectory: options.content, templatesDigest: theme!.digest,
                            includeDrafts: options.includeDrafts, searchRows: searchRows, cardHTML: cardHTML)
        let fromManifest = written == nil
        let previous = written ?? SiteManifest.read(output: options.output)
        written = nil  // unknown until this update has finished writing
        let output = try OutputFolder(target: options.output, inPlace: previous != nil)
        let units = plan.units
        var work: [OutputUnit] = []
        // Plans of the same set of files list them in the same order: compare by position, and fall back
        // to a lookup by path from the first difference (a file added or removed).
        var aligned = previous?.paths.count == units.count
        var byPath: [String: String]?
        for (position, unit) in units.enumerated() {
            guard let previous else {
                work.append(unit)
                continue
            }
            let old: String?
            if aligned && previous.paths[position] == unit.path {
                old = previous.keys[position]
            } else {
                aligned = false
                if byPath == nil { byPath = previous.byPath() }
                old = byPath![unit.path]
            }
            if old == unit.key, !fromManifest || output.exists(unit.path) { continue }
            if early?.written.contains(unit.path) == true { continue }
            work.append(unit)
        }
        let entries = SiteManifest.Entries(paths: units.map(\.path), keys: units.map(\.key))
        var removed = early?.removed.count ?? 0
        let planned = ContinuousClock.now
        let cpu2 = Self.cpuTime()
        // Files no longer planned (a removed doctor's pages, a list's last page) go with the first phase.
        func removeStale() {
            guard let previous, !aligned else { return }
            let plannedPaths = Set(entries.paths)
            for path in previous.paths where !plannedPaths.contains(path) && early?.removed.contains(path) != true {
                output.remove(path)
                removed += 1
            }
        }
        do {
            if early != nil {
                try Self.write(work, into: output)
                removeStale()
            } else if previous != nil, let pagesWritten {
                try Self.write(work.filter(\.isFirst), into: output)
                removeStale()
                pagesWritten(renderer)
                pagesDone = ContinuousClock.now
                try Self.write(work.filter { !$0.isFirst }, into: output)
            } else {
                // Only a first build (into a new folder, swapped in at the end) can be stopped halfway.
                try Self.write(work, into: output, stop: previous == nil ? cancelled : nil)
                removeStale()
            }
            let manifest = SiteManifest.data(entries)
            try output.write(SiteManifest.name, data: manifest)
            try output.commit()
            if previous == nil { pagesWritten?(renderer) }
        } catch {
            output.discard()
            throw error
        }
        written = entries
        doctorPages = (shared, plan.doctorDigests)
        site = renderer
        let done = ContinuousClock.now
        if ProcessInfo.processInfo.environment["MAWID_TIMING"] != nil {
            let cpu3 = Self.cpuTime()
            let ms = { (d: Duration) in String(format: "%.0f", d.seconds * 1000) }
            let cpu = { (a: Double, b: Double) in String(format: "%.0f", (b - a) * 1000) }
            var line = "mawid: load \(ms(loaded - start)) ms (cpu \(cpu(cpu0, cpu1))), "
            if let pagesDone, early != nil { line += "doctors' pages \(ms(pagesDone - loaded)) ms, " }
            line += "plan \(ms(planned - (early != nil ? pagesDone! : loaded))) ms (cpu \(cpu(cpu1, cpu2))), "
                + "write \(ms(done - planned)) ms (cpu \(cpu(cpu2, cpu3)))\n"
            FileHandle.standardError.write(Data(line.utf8))
        }
        var report = SiteBuilder.Report(pages: plan.units.count { $0.isPage }, files: plan.units.count,
                                        written: work.count + (early?.written.count ?? 0), removed: removed,
                                        doctors: plan.doctorCount, languages: renderer.languages.count,
                                        seconds: (done - start).seconds, site: renderer)
        report.pagesSeconds = pagesDone.map { ($0 - start).seconds }
        return report
    }

    /// Writes the pages of the doctors whose files changed since the output was written (`previous`: the
    /// digests then, by slug) and removes those of the doctors no longer published; returns both sets of
    /// paths and the changed doctors' positions in the directory. The shared sources must be those of
    /// `previous`.
    private func writeDoctorPages(_ renderer: SiteRenderer, shared: String, previous: [String: String]) throws
        -> (written: Set<String>, removed: Set<String>, positions: Set<Int>) {
        let digests = renderer.content.digests
        let doctors = renderer.directory.doctors
        var changed: [(Localized<Doctor>, String)] = []
        var positions = Set<Int>()
        var kept = 0
        for (position, doctor) in doctors.enumerated() {
            let digest = digests["doctors/" + doctor.slug] ?? ""
            if let old = previous[doctor.slug] {
                kept += 1
                if old == digest { continue }
            }
            changed.append((doctor, digest))
            positions.insert(position)
        }
        var gone: [String] = []
        if kept < previous.count {
            let slugs = Set(doctors.map(\.slug))
            gone = previous.keys.filter { !slugs.contains($0) }
        }
        let output = try OutputFolder(target: options.output, inPlace: true)
        var units: [OutputUnit] = []
        var removed = Set<String>()
        for lang in renderer.languages {
            let context = renderer.context(lang)
            let prefix = SitePlan.doctorKeyPrefix(shared: shared, lang: lang)
            for (doctor, digest) in changed {
                units.append(SitePlan.doctorPage(doctor, digest: digest, prefix: prefix, context: context,
                                                 templates: renderer.templates))
            }
            for slug in gone {
                let path = Paths.doctorFile(lang, slug)
                output.remove(path)
                removed.insert(path)
            }
        }
        try Self.write(units, into: output)
        return (Set(units.map(\.path)), removed, positions)
    }

    /// Writes the pages of the lists that show the doctors at `positions` (in `Directory.doctors`) with their
    /// new card, where they are now: an edited name, or a doctor moved to the top of the lists, shows there
    /// before the whole site is planned. Returns the paths written.
    private func writeListPages(showing positions: Set<Int>, _ renderer: SiteRenderer) throws -> Set<String> {
        let lists = ListPlan.pages(directory: renderer.directory, content: renderer.content)
            .filter { $0.members.contains(where: positions.contains) }
        var units: [OutputUnit] = []
        for lang in renderer.languages {
            let context = renderer.context(lang)
            let cards = CardCache(context: context, doctors: renderer.directory.doctors, templates: renderer.templates,
                                  html: cardHTML[lang])
            for list in lists {
                units.append(SitePlan.listPage(list, key: "", context: context, cards: cards, templates: renderer.templates))
            }
        }
        try Self.write(units, into: OutputFolder(target: options.output, inPlace: true))
        return Set(units.map(\.path))
    }

    /// Renders and writes `units` on every core, longest first (list pages and feeds come first in a plan).
    private static func write(_ units: [OutputUnit], into output: OutputFolder, stop: FirstError? = nil) throws {
        let failure = FirstError()
        nonisolated(unsafe) let units = units
        DispatchQueue.concurrentPerform(iterations: units.count) { i in
            guard !failure.isSet, stop?.isSet != true else { return }
            do {
                switch units[i].source {
                case .text(let make): try output.write(units[i].path, make())
                case .copy(let source):
                    guard let data = FileManager.default.contents(atPath: source) else {
                        throw OutputError(path: source, message: "cannot be read")
                    }
                    try output.write(units[i].path, data: data)
                }
            } catch { failure.set(error) }
        }
        if let error = failure.error ?? stop?.error { throw error }
    }

    /// Stops a first build that is writing a new folder (`mawid serve` stopped during its first build):
    /// `update` then throws `CancellationError` and the output stays as it was. Later updates write in
    /// place, in a second or two, and are not stopped halfway.
    public func cancel() { cancelled.set(CancellationError()) }
}

extension SiteProject {
    /// CPU seconds used by the process so far (user + system, all threads): steadier than wall time on a
    /// busy machine, for `MAWID_TIMING`.
    static func cpuTime() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
