import Foundation
@testable import MawidSite

/// A throwaway content folder with a small valid directory that tests can break on purpose.
final class Fixture {
    let root: String
    var content: String { root + "/content" }
    var output: String { root + "/site" }
    /// The real templates of the repository.
    static let templates = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Templates").path

    init() {
        root = NSTemporaryDirectory() + "mawid-test-" + UUID().uuidString
        write("site.yml", """
            title: Test Clinic
            description: Doctors near you
            baseURL: https://test.example.dz
            languages: [fr, ar, en]
            timezone: Africa/Algiers
            endpoint: /api
            contact:
              phone: "+213 21 23 45 67"
              email: contact@test.example.dz
              address: 1 rue Test, Alger
            """)
        write("specialties/cardiologie.md", "---\ntitle: Cardiologie\n---\nLe cœur.\n")
        write("specialties/cardiologie.ar.md", "---\ntitle: أمراض القلب\n---\nالقلب.\n")
        write("specialties/pediatrie.md", "---\ntitle: Pédiatrie\n---\nLes enfants.\n")
        write("doctors/amina-benali.md", Fixture.doctor())
        write("doctors/amina-benali.ar.md", "---\nname: د. أمينة بن علي\n---\nطبيبة قلب.\n")
        write("doctors/karim-haddad.md", Fixture.doctor(name: "Dr Karim Haddad", specialty: "pediatrie", wilaya: "Oran", city: "Bir El Djir"))
        write("pages/about.md", "---\ntitle: À propos\n---\nMawid aide les patients.\n")
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    static func doctor(name: String = "Dr Amina Benali", specialty: String = "cardiologie", wilaya: String = "Alger",
                       city: String = "Bab Ezzouar", extra: String = "", body: String = "Diplômée de la faculté d'Alger.") -> String {
        """
        ---
        name: "\(name)"
        specialty: \(specialty)
        wilaya: \(wilaya)
        city: "\(city)"
        address: "12 rue Didouche Mourad"
        phone: "0550 12 34 56"
        email: amina@example.dz
        languages: [ar, fr]
        experience: 12
        fee: "2 500 DA"
        slot: 20
        hours:
          sun: ["08:30-12:00", "13:30-16:00"]
          tue: ["08:30-12:00"]
        holidays: ["2026-12-24", "2027-01-01..2027-01-05"]
        \(extra)
        ---
        \(body)

        """
    }

    func write(_ relative: String, _ text: String) {
        let path = content + "/" + relative
        try! FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try! text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    func remove(_ relative: String) { try? FileManager.default.removeItem(atPath: content + "/" + relative) }

    var options: SiteBuilder.Options {
        SiteBuilder.Options(content: content, templates: Fixture.templates, output: output)
    }

    func load() throws(ContentErrors) -> Content {
        try ContentLoader(directory: content).load()
    }

    /// The errors of loading the content; empty when it is valid.
    func errors() -> [ContentError] {
        do { _ = try load(); return [] } catch { return error.errors }
    }

    @discardableResult
    func build(drafts: Bool = false) throws -> SiteBuilder.Report {
        var options = self.options
        options.includeDrafts = drafts
        return try SiteBuilder(options: options).build()
    }

    func page(_ path: String) -> String? {
        let file = output + "/" + Paths.file(for: path)
        return try? String(contentsOfFile: file, encoding: .utf8)
    }

    /// Every file of the built site with its bytes.
    func snapshot() -> [String: Data] {
        var files: [String: Data] = [:]
        for case let path as String in FileManager.default.enumerator(atPath: output)! {
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: output + "/" + path, isDirectory: &isDirectory)
            if !isDirectory.boolValue { files[path] = FileManager.default.contents(atPath: output + "/" + path) }
        }
        return files
    }
}
