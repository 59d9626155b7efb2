import Foundation
import Testing
@testable import MawidSite

/// The incremental build writes exactly what a clean build writes: random sequences of edits, additions,
/// deletions, renames, drafts, translations, broken files, template, strings and asset changes, each followed
/// by an update of a long-lived `SiteProject` (`mawid build --watch`), one told the changed paths as the
/// watcher reports them and writing the doctors' pages first (`mawid serve --watch`), a `mawid build` over
/// the previous output (the manifest) and a clean build, compared byte for byte.
@Suite struct IncrementalBuildTests {
    @Test(arguments: [1, 2, 3]) func randomEditsMatchACleanBuild(seed: UInt64) throws {
        let run = EditRun(seed: seed)
        try run.check(step: "start")
        for step in 0..<25 {
            let edit = run.randomEdit()
            try run.check(step: "\(step): \(edit)")
        }
    }

    @Test func anUnchangedSiteWritesNothing() throws {
        let run = EditRun(seed: 9)
        try run.check(step: "start")
        let report = try SiteBuilder(options: run.options(run.manifestOutput)).build()
        #expect(report.written == 0 && report.removed == 0)
        let other = run.manifestOutput + "/fr/doctors/karim-haddad/index.html"
        let before = try FileManager.default.attributesOfItem(atPath: other)[.systemFileNumber] as? Int
        run.fixture.write("doctors/amina-benali.md", Fixture.doctor(body: "Nouvelle biographie."))
        let again = try SiteBuilder(options: run.options(run.manifestOutput)).build()
        // Her pages and the lists that show her card; another doctor's page is left alone (not even renamed over).
        #expect(again.written < again.files / 3, "\(again)")
        #expect(try FileManager.default.attributesOfItem(atPath: other)[.systemFileNumber] as? Int == before)
        #expect(try String(contentsOfFile: run.manifestOutput + "/fr/doctors/amina-benali/index.html", encoding: .utf8)
            .contains("Nouvelle biographie."))
    }

    /// `mawid serve` stopped during its first build: nothing is left behind; updates in place still finish.
    @Test func aStoppedFirstBuildLeavesTheOutputAsItWas() throws {
        let fixture = Fixture()
        let stopped = SiteProject(options: fixture.options)
        stopped.cancel()
        #expect(throws: CancellationError.self) { try stopped.update() }
        #expect(!FileManager.default.fileExists(atPath: fixture.output))
        #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.root).sorted() == ["content"])
        try fixture.build()
        fixture.write("doctors/amina-benali.md", Fixture.doctor(body: "Nouvelle biographie."))
        #expect(try stopped.update().written > 0)
        #expect(fixture.page("/fr/doctors/amina-benali/")?.contains("Nouvelle biographie.") == true)
    }

    /// `mawid serve --watch` tells the update which files changed: only those are read again (10,000 doctors
    /// are not listed and checked on every save), and their pages are written before the switch. Without the
    /// paths (SIGHUP, `mawid build`) every file is looked at.
    @Test func anUpdateToldTheChangedPathsReadsThoseOnly() throws {
        let fixture = Fixture()
        let project = SiteProject(options: fixture.options)
        try project.update()
        fixture.write("doctors/amina-benali.md", Fixture.doctor(body: "Reported."))
        fixture.write("doctors/karim-haddad.md", Fixture.doctor(name: "Dr Karim Haddad", specialty: "pediatrie", body: "Not reported."))
        nonisolated(unsafe) var atSwitch: String?
        try project.update(changed: [fixture.content + "/doctors/amina-benali.md"], pagesWritten: { _ in
            atSwitch = fixture.page("/fr/doctors/amina-benali/")
        })
        #expect(atSwitch?.contains("Reported.") == true)
        #expect(fixture.page("/fr/doctors/karim-haddad/")?.contains("Not reported.") == false)
        // A path outside the collections (a photo, site.yml) makes the update look at everything.
        try project.update(changed: [fixture.content + "/photos/new.jpg"])
        #expect(fixture.page("/fr/doctors/karim-haddad/")?.contains("Not reported.") == true)
    }

    @Test func aFileDeletedFromTheOutputIsWrittenAgain() throws {
        let run = EditRun(seed: 10)
        try run.check(step: "start")
        try FileManager.default.removeItem(atPath: run.manifestOutput + "/fr/doctors/karim-haddad/index.html")
        let report = try SiteBuilder(options: run.options(run.manifestOutput)).build()
        #expect(report.written == 1)
        #expect(FileManager.default.fileExists(atPath: run.manifestOutput + "/fr/doctors/karim-haddad/index.html"))
    }
}

/// A fixture with its own copy of the templates, three outputs, and a seeded random source of edits.
final class EditRun {
    let fixture = Fixture()
    var rng: SplitMix
    let templates: String
    let project: SiteProject
    /// Updated with the paths each edit touched and a `pagesWritten` step, as `mawid serve --watch` does.
    let watched: SiteProject
    /// Paths changed since the last check, as `DirectoryWatcher` reports them.
    var touched = Set<String>()
    var liveOutput: String { fixture.root + "/live" }
    var watchedOutput: String { fixture.root + "/watched" }
    var manifestOutput: String { fixture.root + "/incremental" }
    var cleanOutput: String { fixture.root + "/clean" }
    var doctors = ["amina-benali", "karim-haddad"]
    var counter = 0

    init(seed: UInt64) {
        rng = SplitMix(seed: seed)
        templates = fixture.root + "/templates"
        try! FileManager.default.copyItem(atPath: Fixture.templates, toPath: templates)
        project = SiteProject(options: SiteBuilder.Options(content: fixture.content, templates: templates,
                                                           output: fixture.root + "/live"))
        watched = SiteProject(options: SiteBuilder.Options(content: fixture.content, templates: templates,
                                                           output: fixture.root + "/watched"))
        for _ in 0..<6 { addDoctor() }
    }

    func options(_ output: String) -> SiteBuilder.Options {
        SiteBuilder.Options(content: fixture.content, templates: templates, output: output)
    }

    /// Builds three ways; either all fail with the same errors and leave their output as it was, or all
    /// three outputs are the same bytes.
    func check(step: String) throws {
        let before = Self.snapshot(liveOutput)
        let beforeManifest = Self.snapshot(manifestOutput)
        let beforeWatched = Self.snapshot(watchedOutput)
        var failures: [String] = []
        do { try project.update() } catch { failures.append("\(error)") }
        do {
            // The first check builds from scratch, like `mawid serve` at start; later ones get the paths.
            try watched.update(changed: step == "start" ? nil : touched, pagesWritten: { _ in })
        } catch { failures.append("\(error)") }
        touched = []
        do { try SiteBuilder(options: options(manifestOutput)).build() } catch { failures.append("\(error)") }
        try? FileManager.default.removeItem(atPath: cleanOutput)
        do { try SiteBuilder(options: options(cleanOutput)).build() } catch { failures.append("\(error)") }
        if !failures.isEmpty {
            #expect(failures.count == 4 && Set(failures).count == 1, "step \(step): \(failures)")
            #expect(Self.snapshot(liveOutput) == before, "step \(step): a failed update changed the output")
            #expect(Self.snapshot(watchedOutput) == beforeWatched, "step \(step): a failed update changed the output")
            #expect(Self.snapshot(manifestOutput) == beforeManifest, "step \(step): a failed build changed the output")
            return
        }
        let clean = Self.snapshot(cleanOutput)
        for (name, output) in [("live", liveOutput), ("watched", watchedOutput), ("incremental", manifestOutput)] {
            let files = Self.snapshot(output)
            let differing = Set(files.keys).symmetricDifference(clean.keys).sorted()
                + files.keys.filter { clean[$0] != nil && clean[$0] != files[$0] }.sorted()
            #expect(differing.isEmpty, "step \(step): \(name) differs from a clean build in \(differing.prefix(8))")
            #expect(Self.folders(output) == Self.folders(cleanOutput), "step \(step): \(name) has other folders")
        }
    }

    func randomEdit() -> String {
        counter += 1
        let n = counter
        let slug = doctors.isEmpty ? "amina-benali" : doctors[rng.below(doctors.count)]
        switch rng.below(16) {
        case 0:
            addDoctor()
            return "add doctor \(doctors.last!)"
        case 1 where doctors.count > 1:
            doctors.removeAll { $0 == slug }
            for suffix in [".md", ".ar.md", ".en.md"] { remove("doctors/\(slug)\(suffix)") }
            return "delete \(slug)"
        case 2:
            let renamed = "renamed-\(n)"
            for suffix in [".md", ".ar.md", ".en.md"] where FileManager.default.fileExists(atPath: path(slug, suffix)) {
                try! FileManager.default.moveItem(atPath: path(slug, suffix), toPath: path(renamed, suffix))
                touched.formUnion([path(slug, suffix), path(renamed, suffix)])
            }
            doctors = doctors.map { $0 == slug ? renamed : $0 }
            return "rename \(slug) to \(renamed)"
        case 3:
            write("doctors/\(slug).md", Fixture.doctor(name: "Dr \(name(n))", extra: "draft: \(rng.below(2) == 0)"))
            return "draft toggle \(slug)"
        case 4:
            write("doctors/\(slug).ar.md", "---\nname: د. طبيب \(n)\n---\nنص \(n).\n")
            return "translate \(slug) to ar"
        case 5:
            remove("doctors/\(slug).ar.md")
            return "remove ar translation of \(slug)"
        case 6:
            write("doctors/\(slug).en.md", "---\ncity: \"Town \(n)\"\n---\n")
            return "translate \(slug) to en (city only)"
        case 7:
            write("doctors/\(slug).md", Fixture.doctor(name: "Dr \(name(n))", specialty: ["cardiologie", "pediatrie"][rng.below(2)],
                                                               wilaya: ["Alger", "Oran", "Blida"][rng.below(3)], city: "City \(n)",
                                                               body: "Bio \(n)."))
            return "edit \(slug) (name, specialty, wilaya, body)"
        case 8:
            write("doctors/\(slug).md", Fixture.doctor(name: "Dr \(name(n))", extra: "slot: 30\nhours: {mon: [\"09:00-11:00\"]}")
                .replacingOccurrences(of: "slot: 20\n", with: "").replacingOccurrences(of: "hours:\n  sun: [\"08:30-12:00\", \"13:30-16:00\"]\n  tue: [\"08:30-12:00\"]\n", with: ""))
            return "edit \(slug) hours and slot"
        case 9:
            write("doctors/\(slug).md", "---\nname: \"Dr Broken\nspecialty: [\n---\n")
            return "break \(slug)"
        case 10:
            append(templates + "/doctor.mustache", "{{! edit \(n) }}<!-- \(n) -->\n")
            return "template doctor.mustache"
        case 11:
            let path = templates + "/i18n/fr.yml"
            let text = try! String(contentsOfFile: path, encoding: .utf8)
            try! text.replacingOccurrences(of: #"doctors_title: "[^"]*""#, with: "doctors_title: \"Médecins \(n)\"",
                                           options: .regularExpression).write(toFile: path, atomically: true, encoding: .utf8)
            touched.insert(path)
            return "strings fr doctors_title"
        case 12:
            append(templates + "/assets/style.css", "/* \(n) */\n")
            return "asset style.css"
        case 13:
            write("specialties/pediatrie.md", "---\ntitle: Pédiatrie \(n)\n---\nLes enfants \(n).\n")
            return "specialty title"
        case 14:
            if rng.below(2) == 0 {
                write("pages/page-\(n).md", "---\ntitle: Page \(n)\n---\nTexte.\n")
                return "add free page"
            }
            write("site.en.yml", "title: Clinic \(n)\n")
            return "site.en.yml title"
        default:
            write("doctors/\(slug).md", Fixture.doctor(name: "Dr \(name(n))", body: "Bio \(n)."))
            return "edit \(slug) (name, body)"
        }
    }

    private func addDoctor() {
        counter += 1
        let slug = "doctor-\(counter)"
        doctors.append(slug)
        write("doctors/\(slug).md", Fixture.doctor(name: "Dr \(name(counter))", specialty: ["cardiologie", "pediatrie"][rng.below(2)],
                                                           wilaya: ["Alger", "Oran", "Blida"][rng.below(3)], city: "City \(counter)"))
    }

    /// A name whose place in the alphabetical lists is random.
    private func name(_ n: Int) -> String {
        let first = ["Amel", "Yacine", "Zohra", "Bilal", "Nadia", "Omar", "Sofiane", "Lina"][rng.below(8)]
        return "\(first) \(["Kaci", "Ziani", "Amrani", "Brahimi"][rng.below(4)]) \(n)"
    }

    private func path(_ slug: String, _ suffix: String) -> String { fixture.content + "/doctors/" + slug + suffix }

    private func write(_ relative: String, _ text: String) {
        fixture.write(relative, text)
        touched.insert(fixture.content + "/" + relative)
    }

    private func remove(_ relative: String) {
        fixture.remove(relative)
        touched.insert(fixture.content + "/" + relative)
    }

    private func append(_ path: String, _ text: String) {
        touched.insert(path)
        let handle = FileHandle(forWritingAtPath: path)!
        handle.seekToEndOfFile()
        handle.write(Data(text.utf8))
        handle.closeFile()
    }

    /// Every file but the manifest, with its bytes.
    static func snapshot(_ root: String) -> [String: Data] {
        var files: [String: Data] = [:]
        for case let path as String in FileManager.default.enumerator(atPath: root) ?? FileManager.DirectoryEnumerator() {
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: root + "/" + path, isDirectory: &isDirectory)
            if !isDirectory.boolValue && path != SiteManifest.name { files[path] = FileManager.default.contents(atPath: root + "/" + path) }
        }
        return files
    }

    static func folders(_ root: String) -> Set<String> {
        var folders = Set<String>()
        for case let path as String in FileManager.default.enumerator(atPath: root) ?? FileManager.DirectoryEnumerator() {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + "/" + path, isDirectory: &isDirectory), isDirectory.boolValue { folders.insert(path) }
        }
        return folders
    }
}

/// A small seeded generator, so a failing sequence can be replayed.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}
