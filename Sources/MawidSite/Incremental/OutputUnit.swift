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

    init(_ path: String, key: String, page: Bool = false, text: @escaping () -> String) {
        self.path = path
        self.key = key
        self.source = .text(text)
        self.isPage = page
    }

    init(copy source: String, to path: String, key: String) {
        self.path = path
        self.key = key
        self.source = .copy(source)
        self.isPage = false
    }
}
