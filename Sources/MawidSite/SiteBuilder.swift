import Foundation

/// `mawid build`: validates content and templates, renders every page in every language, and writes the
/// site: into a new folder swapped in place of the old one, or, over a site this version built, only the
/// files that changed (`SiteProject`).
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
        /// Files written by this build (all of them unless the output was up to date in part).
        public let written: Int
        /// Files of the previous build no longer in the site.
        public let removed: Int
        public let doctors: Int
        public let languages: Int
        public let seconds: Double
        /// The loaded site, for rendering pages again (the server's form pages).
        public let site: SiteRenderer
        /// When `SiteProject.update`'s `pagesWritten` was called: the doctors' own pages were written.
        public var pagesSeconds: Double?

        public var description: String {
            let changes = written == files && removed == 0 ? "" : ", \(written) written" + (removed > 0 ? ", \(removed) removed" : "")
            return "built \(pages) pages (\(doctors) doctors × \(languages) languages, \(files) files\(changes)) in \(String(format: "%.2f", seconds)) s"
        }
    }

    public let options: Options

    public init(options: Options) { self.options = options }

    /// Builds the site. On any error the existing output folder is left as it was.
    @discardableResult
    public func build() throws -> Report {
        try SiteProject(options: options).update()
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
