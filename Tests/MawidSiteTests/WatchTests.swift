import Foundation
import Testing
@testable import MawidSite

/// `--watch`: the watcher's batches, and the site kept right through edits, bursts and bad files.
@Suite struct WatchTests {
    /// Collects the watcher's batches.
    final class Batches: @unchecked Sendable {
        private let lock = NSLock()
        private var all: [Set<String>] = []
        func add(_ batch: Set<String>) { lock.withLock { all.append(batch) } }
        var value: [Set<String>] { lock.withLock { all } }
        var paths: Set<String> { lock.withLock { all.reduce(into: Set<String>()) { $0.formUnion($1) } } }
    }

    func watching(_ root: String, _ body: (Batches) async throws -> Void) async throws {
        let batches = Batches()
        let watcher = DirectoryWatcher(roots: [root])
        let stream = watcher.changes()
        let task = Task { for await batch in stream { batches.add(batch) } }
        try await body(batches)
        watcher.stop()
        task.cancel()
    }

    func waitFor(_ condition: () -> Bool) async throws {
        for _ in 0..<200 where !condition() { try await Task.sleep(for: .milliseconds(10)) }
    }

    @Test func editsAdditionsDeletionsRenamesAndNewFoldersAreReported() async throws {
        let fixture = Fixture()
        let doctors = fixture.content + "/doctors"
        try await watching(fixture.content) { batches in
            fixture.write("doctors/amina-benali.md", Fixture.doctor(body: "Edited."))
            try await waitFor { batches.paths.contains(doctors + "/amina-benali.md") }
            #expect(batches.paths.contains(doctors + "/amina-benali.md"))

            fixture.write("doctors/new-doctor.md", Fixture.doctor(name: "Dr New"))
            try FileManager.default.moveItem(atPath: doctors + "/karim-haddad.md", toPath: doctors + "/karim-h.md")
            fixture.remove("doctors/amina-benali.ar.md")
            try FileManager.default.createDirectory(atPath: fixture.content + "/photos/team", withIntermediateDirectories: true)
            try await Task.sleep(for: .milliseconds(100))
            fixture.write("photos/team/a.svg", "<svg/>")
            try await waitFor { batches.paths.contains(fixture.content + "/photos/team/a.svg") }
            for path in ["/doctors/new-doctor.md", "/doctors/karim-haddad.md", "/doctors/karim-h.md", "/doctors/amina-benali.ar.md",
                         "/photos/team/a.svg"] {
                #expect(batches.paths.contains(fixture.content + path), "\(path) not reported")
            }
        }
    }

    @Test func oneSaveInSeveralStepsIsOneBatch() async throws {
        let fixture = Fixture()
        try await watching(fixture.content) { batches in
            // As editors save: a scratch file, the new text beside the old, a rename over it, a chmod.
            let path = fixture.content + "/doctors/amina-benali.md"
            try Data("x".utf8).write(to: URL(fileURLWithPath: fixture.content + "/doctors/.amina-benali.md.swp"))
            try Data(Fixture.doctor(body: "Saved.").utf8).write(to: URL(fileURLWithPath: path + ".tmp"))
            rename(path + ".tmp", path)
            chmod(path, 0o644)
            try await waitFor { batches.paths.contains(path) }
            try await Task.sleep(for: .milliseconds(100))
            #expect(batches.value.count == 1, "\(batches.value)")
            #expect(!batches.paths.contains(fixture.content + "/doctors/.amina-benali.md.swp"))
        }
    }

    @Test func aBurstOfSavesEndsWithTheSiteOfTheLastOne() async throws {
        let fixture = Fixture()
        let project = SiteProject(options: fixture.options)
        try project.update()
        let watcher = DirectoryWatcher(roots: [fixture.content])
        let updates = Batches()
        let stream = watcher.changes()
        let task = Task {
            for await batch in stream {
                _ = try? project.update(changed: batch, pagesWritten: { _ in })  // as `mawid serve --watch`
                updates.add(batch)
            }
        }
        for i in 1...100 { fixture.write("doctors/amina-benali.md", Fixture.doctor(body: "Version \(i).")) }
        try await waitFor { fixture.page("/fr/doctors/amina-benali/")?.contains("Version 100.") == true }
        try await Task.sleep(for: .milliseconds(100))
        watcher.stop()
        task.cancel()
        #expect(fixture.page("/fr/doctors/amina-benali/")?.contains("Version 100.") == true)
        #expect(updates.value.count < 100, "\(updates.value.count) rebuilds for 100 saves")
        let clean = EditRun.snapshot(fixture.output)
        try? FileManager.default.removeItem(atPath: fixture.root + "/clean")
        var options = fixture.options
        options.output = fixture.root + "/clean"
        try SiteBuilder(options: options).build()
        #expect(clean == EditRun.snapshot(fixture.root + "/clean"))
    }

    /// Each bad file gets a clear error naming it; the site stays the last good one; fixing it applies.
    @Test(arguments: ["symlink loop", "dangling link", "100 MB file", "half-written file", "not UTF-8", "folder named .md"])
    func aBadFileIsRefusedAndTheLastGoodSiteKept(kind: String) throws {
        let fixture = Fixture()
        let project = SiteProject(options: fixture.options)
        try project.update()
        let before = EditRun.snapshot(fixture.output)
        let path = fixture.content + "/doctors/bad-file.md"
        var expected = ""
        switch kind {
        case "symlink loop":
            symlink(path, path)
            expected = "symbolic link that loops"
        case "dangling link":
            symlink(fixture.content + "/doctors/gone.md", path)
            expected = "vanished while being read"
        case "100 MB file":
            FileManager.default.createFile(atPath: path, contents: nil)
            truncate(path, 100 << 20)
            expected = "is 100 MB; a content file is at most 1 MB"
        case "half-written file":
            fixture.write("doctors/bad-file.md", String(Fixture.doctor(name: "Dr Half").prefix(120)))
            expected = "front matter"
        case "not UTF-8":
            FileManager.default.createFile(atPath: path, contents: Data([0x2d, 0x2d, 0x2d, 0x0a, 0xff, 0xfe, 0x0a]))
            expected = "is not valid UTF-8"
        default:
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            expected = "is not a regular file"
        }
        // Told the path (`--watch`) or looking at every file, the same error.
        for changed in [[path], nil] as [Set<String>?] {
            do {
                try project.update(changed: changed)
                Issue.record("\(kind) was accepted")
            } catch let errors as ContentErrors {
                #expect(errors.errors.contains { $0.path == path && $0.description.contains(expected) }, "\(errors)")
            }
        }
        #expect(project.site != nil)
        #expect(EditRun.snapshot(fixture.output) == before)
        try? FileManager.default.removeItem(atPath: path)
        fixture.write("doctors/bad-file.md", Fixture.doctor(name: "Dr Fixed"))
        try project.update(changed: [path])
        #expect(fixture.page("/fr/doctors/bad-file/")?.contains("Dr Fixed") == true)
    }
}
