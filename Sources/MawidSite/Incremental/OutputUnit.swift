import Foundation

/// One file of the built site: where it goes, a digest of everything its bytes depend on, and how to make it.
/// Two builds that give a file the same key write the same bytes, so the incremental build skips it.
struct OutputUnit {
    enum Source {
        case text(() -> String)
        /// A file copied as it is (assets, photos).
        case copy(String)
    }

    /// Relative to the output folder.
    let path: String
    let key: String
    let source: Source
    /// Counted as a page in the build's summary.
    let isPage: Bool
    /// A doctor's own page: written before the others, so a served update shows it first (`SiteProject`).
    var isFirst = false

    init(_ path: String, key: String, page: Bool = false, first: Bool = false, text: @escaping () -> String) {
        self.path = path
        self.key = key
        self.source = .text(text)
        self.isPage = page
        self.isFirst = first
    }

    init(copy source: String, to path: String, key: String) {
        self.path = path
        self.key = key
        self.source = .copy(source)
        self.isPage = false
    }
}
