import CompressNIO
import MawidSite
import NIOCore
import Synchronization

/// Gzipped copies of the site's files, made on first request and kept while the file keeps its stamp
/// (device, inode, size, modification time in nanoseconds): a rebuild that rewrites a page gives it a new
/// stamp, so a stale copy is never served. At most `limit` bytes are kept; the least recently used go first.
final class GzipCache: Sendable {
    struct Entry {
        let stamp: FileStamp
        let gzip: ByteBuffer
        var used: UInt64
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var bytes = 0
        var clock: UInt64 = 0
    }

    let limit: Int
    private let state = Mutex(State())

    init(limit: Int = 64 << 20) {
        self.limit = limit
    }

    /// The gzipped bytes of `path` as it is now (`stamp`), compressing `read()` when not cached.
    func gzip(path: String, stamp: FileStamp, read: () throws -> ByteBuffer) throws -> ByteBuffer {
        let cached = state.withLock { state -> ByteBuffer? in
            guard var entry = state.entries[path], entry.stamp == stamp else { return nil }
            state.clock += 1
            entry.used = state.clock
            state.entries[path] = entry
            return entry.gzip
        }
        if let cached { return cached }
        var plain = try read()
        let compressed = try plain.compress(with: .gzip())
        let gzip = ByteBuffer(bytes: compressed.readableBytesView)  // without the worst-case capacity
        state.withLock { state in
            if let old = state.entries.removeValue(forKey: path) { state.bytes -= old.gzip.readableBytes }
            guard gzip.readableBytes <= limit / 4 else { return }
            state.clock += 1
            state.entries[path] = Entry(stamp: stamp, gzip: gzip, used: state.clock)
            state.bytes += gzip.readableBytes
            if state.bytes > limit { Self.evict(&state, to: limit * 3 / 4) }
        }
        return gzip
    }

    /// Bytes held now, for tests.
    var bytes: Int { state.withLock { $0.bytes } }

    private static func evict(_ state: inout State, to target: Int) {
        for (path, entry) in state.entries.sorted(by: { $0.value.used < $1.value.used }) {
            guard state.bytes > target else { break }
            state.entries.removeValue(forKey: path)
            state.bytes -= entry.gzip.readableBytes
        }
    }
}
