import Crypto
import Foundation

/// Parsed content files kept between loads (`mawid serve`, `--watch`): a reload parses again only the
/// groups (a file and its translations) whose files changed, or whose parsing rules did (the site's
/// languages, the specialties a doctor may name). Thread-safe.
public final class ParseCache: @unchecked Sendable {
    struct Entry {
        let stamps: [FileStamp?]
        let rules: String
        let value: Any?
        let errors: [ContentError]
        let digest: String
    }

    private let lock = NSLock()
    private var entries: [String: Entry] = [:]
    /// Each collection folder as last loaded (`ContentLoader.CollectionState`), by folder.
    private var collections: [String: Any] = [:]

    public init() {}

    func collection(_ folder: String) -> Any? { lock.withLock { collections[folder] } }

    func setCollection(_ folder: String, _ state: Any?) { lock.withLock { collections[folder] = state } }

    /// Forgets the folders' states: the next load lists every folder again.
    func forgetCollections() { lock.withLock { collections = [:] } }

    func entry(_ key: String) -> Entry? { lock.withLock { entries[key] } }

    func store(_ key: String, _ entry: Entry) { lock.withLock { entries[key] = entry } }

    /// Drops groups no longer on disk.
    func keep(only keys: [String: String]) {
        lock.withLock {
            // Entries are made for keys only, and "site" has none: fewer entries than keys means none is stale
            // (the usual reload: nothing removed). A stale entry left behind would only cost memory.
            guard entries.count >= keys.count else { return }
            entries = entries.filter { keys[$0.key] != nil }
        }
    }
}

/// SHA-256 of files' bytes, in hex: identifies a version of a source for the build's change detection.
struct SourceDigest {
    private var hasher = SHA256()

    /// Adds `bytes` after their length, so parts cannot run into each other.
    mutating func add(_ bytes: UnsafeRawBufferPointer) {
        var length = UInt64(bytes.count).littleEndian
        withUnsafeBytes(of: &length) { hasher.update(bufferPointer: $0) }
        hasher.update(bufferPointer: bytes)
    }

    mutating func add(_ bytes: [UInt8]) { bytes.withUnsafeBytes { add($0) } }

    mutating func add(_ text: String) {
        var text = text
        text.withUTF8 { add(UnsafeRawBufferPointer($0)) }
    }

    func hex() -> String { Self.hex(hasher.finalize()) }

    static func hex<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The digest of `parts` (each prefixed with its length), hashed in one call.
    static func of(_ parts: [String]) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(parts.reduce(0) { $0 + $1.utf8.count + 8 })
        for part in parts {
            withUnsafeBytes(of: UInt64(part.utf8.count).littleEndian) { bytes.append(contentsOf: $0) }
            bytes.append(contentsOf: part.utf8)
        }
        return hex(SHA256.hash(data: bytes))
    }
}
