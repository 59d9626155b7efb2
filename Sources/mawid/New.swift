import ArgumentParser
import Foundation
import MawidSite

struct New: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Write a commented template for a new doctor.")

    enum Kind: String, ExpressibleByArgument, CaseIterable { case doctor }

    @Argument(help: "What to create: doctor.")
    var kind: Kind
    @Argument(help: "The slug, used in the URL and the file name, e.g. amina-benali.")
    var slug: String
    @Option(help: "Folder with the content.")
    var content = "content"

    func run() async throws {
        guard Slug.isValid(slug) else {
            throw ValidationError("\"\(slug)\" is not a valid slug; try \"\(Slug.make(slug))\" (lowercase letters, digits and hyphens)")
        }
        let folder = content + "/doctors"
        let path = "\(folder)/\(slug).md"
        guard !FileManager.default.fileExists(atPath: path) else {
            throw ValidationError("\(path) already exists")
        }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try DoctorTemplate.text(slug: slug).write(toFile: path, atomically: true, encoding: .utf8)
        print("mawid: wrote \(path); edit it, then run `mawid build`")
    }
}
