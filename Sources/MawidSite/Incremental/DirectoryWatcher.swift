import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reports changes under folders (`content/`, `Templates/`), for `--watch`: Linux's inotify, or a scan of
/// file stamps every half second elsewhere.
///
/// Changes come in batches: after a first event the watcher waits until the folders have been quiet for
/// `quiet` (editors save in several steps: a temporary file, a rename, a chmod), so one save is one batch.
/// Folders created later are watched too; symbolic links to folders are not followed (no loops).
public final class DirectoryWatcher: @unchecked Sendable {
    public let roots: [String]
    let quiet: Duration
    private let lock = NSLock()
    private var stopped = false

    public init(roots: [String], quiet: Duration = .milliseconds(15)) {
        self.roots = roots
        self.quiet = quiet
    }

    /// Batches of changed paths, until `stop()` or the stream's consumer goes away.
    public func changes() -> AsyncStream<Set<String>> {
        AsyncStream { continuation in
            let thread = Thread { [self] in
                #if os(Linux)
                watchWithInotify { batch in continuation.yield(batch) }
                #else
                watchByScanning { batch in continuation.yield(batch) }
                #endif
                continuation.finish()
            }
            thread.name = "mawid-watch"
            continuation.onTermination = { [weak self] _ in self?.stop() }
            thread.start()
        }
    }

    public func stop() { lock.withLock { stopped = true } }

    private var isStopped: Bool { lock.withLock { stopped } }

    /// Files editors write beside the real one (vim's swap and probe files, backups, dot-files).
    static func isScratch(_ name: String) -> Bool {
        name.hasPrefix(".") || name.hasSuffix("~") || name.hasSuffix(".swp") || name.hasSuffix(".swx") || name == "4913"
            || name.hasPrefix("#")
    }

    #if os(Linux)
    private func watchWithInotify(_ report: (Set<String>) -> Void) {
        let fd = inotify_init1(Int32(IN_CLOEXEC))
        guard fd >= 0 else { return watchByScanning(report) }
        defer { close(fd) }
        var folders: [Int32: String] = [:]
        let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE | IN_ATTRIB
                          | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR | IN_DONT_FOLLOW | IN_EXCL_UNLINK)
        func add(_ folder: String) {
            let wd = inotify_add_watch(fd, folder, mask)
            guard wd >= 0 else { return }
            folders[wd] = folder
            for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] {
                var info = stat()
                let path = folder + "/" + name
                if lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR { add(path) }
            }
        }
        for root in roots { add(root) }
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var batch = Set<String>()
        var pollFD = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let quietMS = Int32(quiet.components.seconds * 1000 + quiet.components.attoseconds / 1_000_000_000_000_000)
        while !isStopped {
            // Waiting for a first event: wake up now and then to notice `stop()`; in a batch: until quiet.
            let ready = poll(&pollFD, 1, batch.isEmpty ? 250 : max(1, quietMS))
            if ready < 0 && errno == EINTR { continue }
            if ready <= 0 {
                if !batch.isEmpty {
                    report(batch)
                    batch.removeAll()
                }
                continue
            }
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            guard count > 0 else { continue }
            var offset = 0
            while offset < count {
                let (wd, eventMask, length, name) = buffer.withUnsafeBytes { raw -> (Int32, UInt32, Int, String) in
                    let event = raw.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
                    let start = offset + MemoryLayout<inotify_event>.size
                    let bytes = raw[start..<(start + Int(event.len))].prefix { $0 != 0 }
                    return (event.wd, event.mask, Int(event.len), String(decoding: bytes, as: UTF8.self))
                }
                offset += MemoryLayout<inotify_event>.size + length
                if eventMask & UInt32(IN_Q_OVERFLOW) != 0 {
                    batch.formUnion(roots)  // events were lost: everything may have changed
                    continue
                }
                guard let folder = folders[wd] else { continue }
                if eventMask & UInt32(IN_IGNORED) != 0 {
                    folders[wd] = nil
                    continue
                }
                if name.isEmpty {
                    batch.insert(folder)
                    continue
                }
                let path = folder + "/" + name
                if eventMask & UInt32(IN_ISDIR) != 0 && eventMask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 {
                    add(path)
                }
                if !Self.isScratch(name) { batch.insert(path) }
            }
        }
    }
    #endif

    /// Compares stamps of every file every half second (systems without inotify).
    private func watchByScanning(_ report: (Set<String>) -> Void) {
        func scan() -> [String: FileStamp] {
            var stamps: [String: FileStamp] = [:]
            for root in roots {
                for name in (FileManager.default.enumerator(atPath: root)?.allObjects as? [String]) ?? [] {
                    if let stamp = FileStamp(path: root + "/" + name) { stamps[root + "/" + name] = stamp }
                }
            }
            return stamps
        }
        var last = scan()
        while !isStopped {
            Thread.sleep(forTimeInterval: 0.5)
            let now = scan()
            if now != last {
                let changed = Set(now.keys).symmetricDifference(last.keys).union(now.keys.filter { now[$0] != last[$0] })
                last = now
                report(changed)
            }
        }
    }
}
