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

    public init(options: SiteBuilder.Options) {
        self.options = options
    }

    /// Loads content and templates, reusing what has not changed; throws `ContentErrors` with every problem.
    public func load() throws(ContentErrors) -> SiteRenderer {
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
                                        cache: cache).load()
        } catch {
            errors += error.errors
        }
        guard errors.isEmpty, let content, let theme else { throw ContentErrors(errors) }
        self.theme = theme
        return SiteRenderer(content: content, strings: theme.strings, templates: theme.templates,
                            assets: theme.assets, includeDrafts: options.includeDrafts)
    }

    /// Brings the output up to date with the content; see the type's description. `loaded` is called with
    /// the new content once it is known to be valid, before any file is written.
    ///
    /// `pagesWritten` is called once the doctors' own pages that changed are written, before the list pages,
    /// search indexes and sitemap: `mawid serve` switches its booking rules there, so a doctor's edit is live
    /// on their page and in the API at once while a new doctor's shift through 500 list pages follows. (A
    /// first build into a new folder calls it after the swap.)
    @discardableResult
    public func update(loaded: ((SiteRenderer) -> Void)? = nil, pagesWritten: ((SiteRenderer) -> Void)? = nil) throws
        -> SiteBuilder.Report {
        let start = ContinuousClock.now
        let cpu0 = Self.cpuTime()
        let renderer = try load()
        loaded?(renderer)
        let loaded = ContinuousClock.now
        let cpu1 = Self.cpuTime()
        for lang in renderer.languages where searchRows[lang] == nil {
            searchRows[lang] = SearchRows()
            cardHTML[lang] = CardHTML()
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
            work.append(unit)
        }
        let entries = SiteManifest.Entries(paths: units.map(\.path), keys: units.map(\.key))
        var removed = 0
        var pagesDone: ContinuousClock.Instant?
        let planned = ContinuousClock.now
        let cpu2 = Self.cpuTime()
        // Files no longer planned (a removed doctor's pages, a list's last page) go with the first phase.
        func removeStale() {
            guard let previous, !aligned else { return }
            let plannedPaths = Set(entries.paths)
            for path in previous.paths where !plannedPaths.contains(path) {
                output.remove(path)
                removed += 1
            }
        }
        do {
            if previous != nil, let pagesWritten {
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
        site = renderer
        let done = ContinuousClock.now
        if ProcessInfo.processInfo.environment["MAWID_TIMING"] != nil {
            let cpu3 = Self.cpuTime()
            let ms = { (d: Duration) in String(format: "%.0f", d.seconds * 1000) }
            let cpu = { (a: Double, b: Double) in String(format: "%.0f", (b - a) * 1000) }
            FileHandle.standardError.write(Data(("mawid: load \(ms(loaded - start)) ms (cpu \(cpu(cpu0, cpu1))), plan \(ms(planned - loaded)) ms "
                + "(cpu \(cpu(cpu1, cpu2))), write \(ms(done - planned)) ms (cpu \(cpu(cpu2, cpu3)))\n").utf8))
        }
        var report = SiteBuilder.Report(pages: plan.units.count { $0.isPage }, files: plan.units.count, written: work.count,
                                  removed: removed,
                                  doctors: plan.doctorCount, languages: renderer.languages.count,
                                  seconds: (done - start).seconds, site: renderer)
        report.pagesSeconds = pagesDone.map { ($0 - start).seconds }
        return report
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
