import Foundation
import Yams

/// Reads and validates everything in `content/`, reporting all problems at once.
public struct ContentLoader: Sendable {
    public let directory: String
    /// Spoken-language codes the templates can name; nil skips that check.
    public let knownLanguages: [String]?
    /// Parsed files of earlier loads: unchanged files are not parsed again.
    public let cache: ParseCache?

    public init(directory: String, knownLanguages: [String]? = nil, cache: ParseCache? = nil) {
        self.directory = directory
        self.knownLanguages = knownLanguages
        self.cache = cache
    }

    /// The validated content, or `ContentErrors` listing every problem found.
    ///
    /// `changed`: the files that changed since the last load with this loader's cache, by folder
    /// ("doctors", "specialties", "pages"), when the caller knows them and nothing else under `directory`
    /// changed (site.yml, photos); the other files are taken from the last load without looking at them.
    public func load(changed: Changed? = nil) throws(ContentErrors) -> Content {
        var errors: [ContentError] = []
        var siteDigest: [String: String] = [:]
        guard let site = loadSite(&errors, digests: &siteDigest) else {
            cache?.forgetCollections()  // the changes below were not looked at
            throw ContentErrors(errors)
        }
        var digests: [String: String] = [:]
        let languages = site.base.languages
        let rules = languages.joined(separator: ",")
        let specialties = loadCollection("specialties", languages: languages, rules: rules, errors: &errors,
                                         digests: &digests, changed: changed.map { $0["specialties"] ?? [] },
                                         parse: SpecialtyParser.parse)
        let specialtySlugs = specialties.map(\.slug)
        let photoExists = Self.fileExists(under: directory)
        let doctorParser = DoctorParser(specialtySlugs: specialtySlugs, knownLanguages: knownLanguages, fileExists: photoExists)
        let doctorRules = rules + "|" + specialtySlugs.joined(separator: ",") + "|" + (knownLanguages?.joined(separator: ",") ?? "*")
        let doctors = loadCollection("doctors", languages: languages, rules: doctorRules, errors: &errors, digests: &digests,
                                     changed: changed.map { $0["doctors"] ?? [] }, parse: doctorParser.parse) { doctor in
            // A photo deleted since the doctor's file was parsed is an error again.
            doctor.values.values.allSatisfy { $0.photo.map(photoExists) ?? true }
        }
        let pages = loadCollection("pages", languages: languages, rules: rules, errors: &errors, digests: &digests,
                                   changed: changed.map { $0["pages"] ?? [] }, parse: PageParser.parse)
        for page in pages where PageParser.reservedSlugs.contains(page.slug) || languages.contains(page.slug) {
            errors.append(ContentError(path: display("pages/\(page.slug).md"), line: 1, field: "file name",
                                       message: "\"\(page.slug)\" is used by the site itself",
                                       suggestion: "rename the file, e.g. to \(page.slug)-info.md"))
        }
        for doctor in doctors where doctor.slug == Pagination.segment {
            errors.append(ContentError(path: display("doctors/\(doctor.slug).md"), line: 1, field: "file name",
                                       message: "\"\(doctor.slug)\" is used by the site for page numbers (/doctors/page/2/)",
                                       suggestion: "rename the file after the doctor, e.g. to dr-page.md"))
        }
        digests.merge(siteDigest) { $1 }
        cache?.keep(only: digests)
        // The published ratings: part of each rated doctor's sources, so their page is written again.
        let ratings = loadRatings(&errors)
        for (slug, rated) in ratings where digests["doctors/" + slug] != nil {
            digests["doctors/" + slug] = SourceDigest.of([digests["doctors/" + slug]!, RatingsFile.digest(rated)])
        }
        if !errors.isEmpty { throw ContentErrors(errors) }
        var photos = Set<String>()
        for doctor in doctors {
            for value in doctor.values.values { if let photo = value.photo { photos.insert(photo) } }
        }
        return Content(site: site, specialties: specialties, doctors: doctors, pages: pages, photos: photos, digests: digests,
                       ratings: ratings)
    }

    /// `ratings.yml` if there is one (one small file, read on every load).
    private func loadRatings(_ errors: inout [ContentError]) -> [String: DoctorRatings] {
        let path = display(RatingsFile.name)
        guard case .success(let bytes) = SourceReader.read(path), let text = String(validating: bytes, as: UTF8.self) else { return [:] }
        let (ratings, problems) = RatingsFile.parse(text, path: path)
        errors += problems
        return ratings
    }

    func display(_ relative: String) -> String { directory + "/" + relative }

    /// Whether a path under `root` (a doctor's `photo:`) is a file, not a folder.
    static func fileExists(under root: String) -> @Sendable (String) -> Bool {
        { path in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: root + "/" + path, isDirectory: &isDirectory) && !isDirectory.boolValue
        }
    }

    // MARK: site.yml

    private func loadSite(_ errors: inout [ContentError], digests: inout [String: String]) -> Localized<SiteConfig>? {
        let path = display("site.yml")
        var digest = SourceDigest()
        defer { digests["site"] = digest.hex() }
        guard let text = Self.text(path, into: &digest) else {
            errors.append(ContentError(path: path, line: 1, field: "site.yml", message: "file not found",
                                       suggestion: "create it with title, baseURL and languages (see README)"))
            return nil
        }
        let fields: [String: Field]
        do { fields = try SourceFile.parseYAML(text, path: path) } catch {
            errors.append(error)
            return nil
        }
        let (parsed, problems) = SiteConfigParser.parse(fields: fields, path: path)
        errors += problems
        guard let base = parsed else { return nil }
        var values = [base.defaultLanguage: base]
        var translated: Set<String> = [base.defaultLanguage]
        for language in base.languages.dropFirst() {
            let translationPath = display("site.\(language).yml")
            digest.add(language)
            guard let text = Self.text(translationPath, into: &digest) else { continue }
            do {
                let overrides = try SourceFile.parseYAML(text, path: translationPath)
                for (key, field) in overrides where !SiteConfigParser.translatableKeys.contains(key) {
                    errors.append(ContentError(path: translationPath, line: field.line, field: key,
                                               message: "cannot be translated",
                                               suggestion: "only \(SiteConfigParser.translatableKeys.joined(separator: ", ")) can; set \(key) in site.yml"))
                }
                let (value, problems) = SiteConfigParser.parse(fields: Self.overlay(overrides, on: fields), path: path)
                errors += problems
                if let value {
                    values[language] = value
                    translated.insert(language)
                }
            } catch {
                errors.append(error)
            }
        }
        return Localized(slug: "site", values: values, defaultLanguage: base.defaultLanguage, translated: translated)!
    }

    /// A small YAML file's text (nil if missing or unreadable), its bytes added to `digest`.
    private static func text(_ path: String, into digest: inout SourceDigest) -> String? {
        guard case .success(let bytes) = SourceReader.read(path) else {
            digest.add("-")
            return nil
        }
        digest.add(bytes)
        return String(validating: bytes, as: UTF8.self)
    }

    /// Translated settings over the default ones; `contact:` is merged key by key, so a translated
    /// address keeps the default phone and email.
    static func overlay(_ overrides: [String: Field], on base: [String: Field]) -> [String: Field] {
        var result = base.merging(overrides) { $1 }
        if let top = overrides["contact"], let topMap = top.node.mapping, let under = base["contact"]?.node.mapping {
            var pairs: [(Node, Node)] = under.filter { pair in !topMap.contains { $0.key.string == pair.key.string } }.map { ($0.key, $0.value) }
            pairs += topMap.map { ($0.key, $0.value) }
            result["contact"] = Field(node: Node(pairs, top.node.tag, topMap.style), path: top.path, line: top.line,
                                      lineOffset: top.lineOffset)
        }
        return result
    }

    // MARK: Markdown collections

    /// A base file and its translations, by slug.
    struct Group: Sendable {
        var slug: String
        var base: String?
        var translations: [String: String] = [:]

        var isEmpty: Bool { base == nil && translations.isEmpty }
    }

    /// One collection folder as last loaded: its groups in slug order, each with what loading it gave, and
    /// the problems of file names. A load told which files changed starts from it and looks at those only.
    struct CollectionState<T: Sendable>: Sendable {
        struct Entry: Sendable {
            var group: Group
            /// nil for a group without a base file (translations only: an error).
            var loaded: Loaded<T>?
        }

        /// What parsing depended on besides the files (see `loadCollection`).
        let rules: String
        /// By slug.
        var entries: [Entry] = []
        /// File names that are neither `<slug>.md` nor `<slug>.<language>.md`, with why.
        var nameErrors: [String: ContentError] = [:]
        /// "<folder>/<slug>" → digest of the group's files.
        var digests: [String: String] = [:]

        /// The position of `slug` in `entries`, or where it would go.
        func position(of slug: String) -> (index: Int, found: Bool) {
            var low = 0, high = entries.count
            while low < high {
                let middle = (low + high) / 2
                if entries[middle].group.slug < slug { low = middle + 1 } else { high = middle }
            }
            return (low, low < entries.count && entries[low].group.slug == slug)
        }
    }

    /// Files of a collection folder that changed since the last load, by name, when the caller knows them
    /// (`mawid serve --watch` does); nil: list and check every file.
    public typealias Changed = [String: Set<String>]

    /// `rules` names what parsing depends on besides the files (a cached group parsed under other rules is
    /// parsed again); `stillValid` re-checks a cached value against the disk (a deleted photo).
    ///
    /// With `changed` (the names of this folder's files that changed) and the state of the last load made
    /// under the same rules, only those files' groups are looked at: no listing, no `stat` of the others.
    private func loadCollection<T: Sendable>(
        _ folder: String, languages: [String], rules: String, errors: inout [ContentError], digests: inout [String: String],
        changed: Set<String>? = nil,
        parse: @escaping @Sendable (String, [String: Field], String, String) -> (T?, [ContentError]),
        stillValid: @escaping @Sendable (Localized<T>) -> Bool = { _ in true }
    ) -> [Localized<T>] {
        var state: CollectionState<T>
        if let changed, let last = cache?.collection(folder) as? CollectionState<T>, last.rules == rules {
            state = last
            update(&state, folder: folder, names: changed, languages: languages, parse: parse)
        } else {
            state = CollectionState(rules: rules)
            var groups: [String: Group] = [:]
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: display(folder))) ?? []).filter { $0.hasSuffix(".md") }
            for name in names {
                place(name, folder: folder, languages: languages, present: true, groups: &groups, nameErrors: &state.nameErrors)
            }
            let ordered = groups.values.sorted { $0.slug < $1.slug }
            let parsed = ordered.filter { $0.base != nil }
            let results = load(parsed, folder: folder, rules: rules, defaultLanguage: languages[0], parse: parse,
                               stillValid: stillValid)
            var loaded = zip(parsed, results).makeIterator()
            state.entries = ordered.map { group in
                group.base == nil ? CollectionState.Entry(group: group, loaded: nil) : .init(group: group, loaded: loaded.next()!.1)
            }
            for (group, result) in zip(parsed, results) { state.digests[folder + "/" + group.slug] = result.digest }
        }
        cache?.setCollection(folder, state)
        errors += state.nameErrors.sorted { $0.key < $1.key }.map(\.value)
        for entry in state.entries where entry.group.base == nil {
            for (_, relative) in entry.group.translations.sorted(by: { $0.key < $1.key }) {
                errors.append(ContentError(path: display(relative), line: 1, field: "file name",
                                           message: "translation of \(entry.group.slug).md, which does not exist",
                                           suggestion: "add \(folder)/\(entry.group.slug).md in the default language or rename this file"))
            }
        }
        var values: [Localized<T>] = []
        values.reserveCapacity(state.entries.count)
        for entry in state.entries {
            guard let loaded = entry.loaded else { continue }
            errors += loaded.errors
            if let value = loaded.value { values.append(value) }
        }
        // Keys are "<folder>/<slug>": no two collections share one. Merged into the larger dictionary.
        if digests.count < state.digests.count {
            digests = state.digests.merging(digests) { kept, _ in kept }
        } else {
            digests.merge(state.digests) { kept, _ in kept }
        }
        return values
    }

    /// Files a file name into its group (`present`) or out of it, or records why the name is wrong.
    private func place(_ name: String, folder: String, languages: [String], present: Bool, groups: inout [String: Group],
                       nameErrors: inout [String: ContentError]) {
        let stem = String(name.dropLast(3))
        let parts = stem.split(separator: ".", omittingEmptySubsequences: false)
        let relative = "\(folder)/\(name)"
        let slug = String(parts[0])
        nameErrors[name] = nil
        guard Slug.isValid(slug) else {
            if present {
                nameErrors[name] = ContentError(path: display(relative), line: 1, field: "file name",
                                                message: "\"\(slug)\" is not a valid slug",
                                                suggestion: "rename it to \(Slug.make(slug).isEmpty ? "lowercase-words" : Slug.make(slug)).md (lowercase letters, digits and hyphens)")
            }
            return
        }
        if parts.count == 1 {
            groups[slug, default: Group(slug: slug)].base = present ? relative : nil
        } else if parts.count == 2, languages.dropFirst().contains(String(parts[1])) {
            groups[slug, default: Group(slug: slug)].translations[String(parts[1])] = present ? relative : nil
        } else if present {
            let language = parts.count == 2 ? String(parts[1]) : stem
            let message = parts.count == 2 && language == languages.first
                ? "the default language (\(language)) belongs in \(slug).md"
                : "\"\(language)\" is not one of the site's languages (\(languages.joined(separator: ", ")))"
            nameErrors[name] = ContentError(path: display(relative), line: 1, field: "file name", message: message,
                                            suggestion: "name translations <slug>.<language>.md, e.g. \(slug).\(languages.dropFirst().first ?? "ar").md")
        }
    }

    /// Applies the changed file names to the last load's state: each name's group is brought up to date
    /// with the folder and loaded again (through the parse cache: an unchanged stamp is not parsed again).
    private func update<T: Sendable>(_ state: inout CollectionState<T>, folder: String, names: Set<String>, languages: [String],
                                     parse: @escaping @Sendable (String, [String: Field], String, String) -> (T?, [ContentError])) {
        var groups: [String: Group] = [:]
        for name in names.sorted() where name.hasSuffix(".md") {
            let slug = String(name.prefix { $0 != "." })
            if groups[slug] == nil {
                let (index, found) = state.position(of: slug)
                groups[slug] = found ? state.entries[index].group : Group(slug: slug)
            }
            var info = stat()
            let present = lstat(display("\(folder)/\(name)"), &info) == 0
            place(name, folder: folder, languages: languages, present: present, groups: &groups, nameErrors: &state.nameErrors)
        }
        let touched = groups.values.sorted { $0.slug < $1.slug }
        let parsed = touched.filter { $0.base != nil }
        let results = load(parsed, folder: folder, rules: state.rules, defaultLanguage: languages[0], parse: parse,
                           stillValid: { _ in true })
        var loaded: [String: Loaded<T>] = [:]
        for (group, result) in zip(parsed, results) { loaded[group.slug] = result }
        for group in touched {
            let (index, found) = state.position(of: group.slug)
            let key = folder + "/" + group.slug
            state.digests[key] = loaded[group.slug]?.digest
            if group.isEmpty {
                if found { state.entries.remove(at: index) }
                continue
            }
            let entry = CollectionState<T>.Entry(group: group, loaded: loaded[group.slug])
            if found { state.entries[index] = entry } else { state.entries.insert(entry, at: index) }
        }
    }

    /// Loads `groups` on every core, each from the parse cache when its files' stamps and the rules are
    /// those it was parsed with.
    private func load<T: Sendable>(_ groups: [Group], folder: String, rules: String, defaultLanguage: String,
                                   parse: @escaping @Sendable (String, [String: Field], String, String) -> (T?, [ContentError]),
                                   stillValid: @escaping @Sendable (Localized<T>) -> Bool) -> [Loaded<T>] {
        let root = directory
        let cache = self.cache
        return groups.parallelMap { group in
            let key = folder + "/" + group.slug
            let files = [group.base!] + group.translations.sorted { $0.key < $1.key }.map(\.value)
            let stamps = cache == nil ? [] : files.map { FileStamp(path: root + "/" + $0) }
            if let cache, let entry = cache.entry(key), entry.rules == rules, entry.stamps == stamps,
               !stamps.contains(nil), let value = entry.value as? Localized<T>?, value.map(stillValid) ?? true {
                return Loaded(value: value, errors: entry.errors, digest: entry.digest)
            }
            let loaded = Self.loadGroup(group, root: root, defaultLanguage: defaultLanguage,
                                        untranslatable: Self.untranslatable[folder] ?? [], parse: parse)
            cache?.store(key, ParseCache.Entry(stamps: stamps, rules: rules, value: loaded.value, errors: loaded.errors,
                                               digest: loaded.digest))
            return loaded
        }
    }

    /// One group's value (nil on errors), its errors, and the digest of its files.
    struct Loaded<T: Sendable>: Sendable {
        let value: Localized<T>?
        let errors: [ContentError]
        let digest: String
    }

    /// Fields a translation may not set, by folder: a doctor's plan is the booking rules, one for every
    /// language (and the one the hours form in /review edits).
    static let untranslatable = ["doctors": ["slot", "hours", "holidays"]]

    private static func loadGroup<T: Sendable>(
        _ group: Group, root: String, defaultLanguage: String, untranslatable: [String],
        parse: (String, [String: Field], String, String) -> (T?, [ContentError])
    ) -> Loaded<T> {
        var digest = SourceDigest()
        func read(_ relative: String) -> Result<SourceFile, ContentError> {
            let path = root + "/" + relative
            digest.add(relative)
            let data: [UInt8]
            switch SourceReader.read(path) {
            case .success(let bytes): data = bytes
            case .failure(let problem):
                digest.add("-")
                return .failure(problem.error(path: path))
            }
            digest.add(data)
            guard let text = String(validating: data, as: UTF8.self) else {
                return .failure(ContentError(path: path, line: 1, field: "file", message: "is not valid UTF-8 text",
                                             suggestion: "save the file as UTF-8 in your editor"))
            }
            return Result { () throws(ContentError) in try SourceFile.parse(text: text, path: path) }
        }
        var errors: [ContentError] = []
        let base: SourceFile
        switch read(group.base!) {
        case .success(let file): base = file
        case .failure(let error): return Loaded(value: nil, errors: [error], digest: digest.hex())
        }
        let baseHTML = Markdown.html(base.body)
        let (baseValue, baseErrors) = parse(group.slug, base.fields, base.path, baseHTML)
        errors += baseErrors
        var values: [String: T] = [:]
        if let baseValue { values[defaultLanguage] = baseValue }
        var translated: Set<String> = [defaultLanguage]
        for (language, relative) in group.translations.sorted(by: { $0.key < $1.key }) {
            switch read(relative) {
            case .failure(let error): errors.append(error)
            case .success(let file):
                for key in untranslatable {
                    guard let field = file.fields[key] else { continue }
                    errors.append(ContentError(path: file.path, line: field.line, field: key, message: "cannot be translated",
                                               suggestion: "set it in \(group.base!) only: bookings follow that file in every language"))
                }
                let html = file.body.allSatisfy(\.isWhitespace) ? baseHTML : Markdown.html(file.body)
                let (value, problems) = parse(group.slug, base.fields.merging(file.fields) { $1 }, base.path, html)
                errors += problems
                if let value {
                    values[language] = value
                    translated.insert(language)
                }
            }
        }
        guard errors.isEmpty else { return Loaded(value: nil, errors: errors, digest: digest.hex()) }
        return Loaded(value: Localized(slug: group.slug, values: values, defaultLanguage: defaultLanguage, translated: translated),
                      errors: [], digest: digest.hex())
    }
}
