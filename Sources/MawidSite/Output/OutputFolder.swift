import Foundation

/// Writes a site into a staging folder, then swaps it in place of the live one,
/// so a half-written site never replaces a good one.
///
/// `inPlace` (the incremental build) writes into the live folder instead, each file under a temporary
/// name renamed over the old one: a reader gets the old file or the new, never half of one.
final class OutputFolder: @unchecked Sendable {
    let target: String
    let staging: String
    let inPlace: Bool

    init(target: String, inPlace: Bool = false) throws {
        var target = target
        while target.count > 1 && target.hasSuffix("/") { target.removeLast() }
        self.target = target
        self.inPlace = inPlace
        if inPlace {
            self.staging = target
        } else {
            self.staging = target + ".tmp-\(getpid())"
            try? FileManager.default.removeItem(atPath: staging)
        }
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
    }

    /// Writes `data` at `relative` inside the staging folder, creating folders as needed. Thread-safe.
    func write(_ relative: String, _ text: String) throws {
        var text = text
        try text.withUTF8 { try write(relative, bytes: UnsafeRawBufferPointer($0)) }
    }

    func write(_ relative: String, data: Data) throws {
        try data.withUnsafeBytes { try write(relative, bytes: $0) }
    }

    private func write(_ relative: String, bytes: UnsafeRawBufferPointer) throws {
        let path = staging + "/" + relative
        let file = inPlace ? path + ".mawid-new" : path
        var fd = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if fd < 0 && errno == ENOENT {
            try makeDirectory((path as NSString).deletingLastPathComponent)
            fd = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        }
        guard fd >= 0 else { throw OutputError(path: path, message: String(cString: strerror(errno))) }
        var offset = 0
        while offset < bytes.count {
            let n = Foundation.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            guard n > 0 else {
                let message = String(cString: strerror(errno))
                close(fd)
                if inPlace { unlink(file) }
                throw OutputError(path: path, message: message)
            }
            offset += n
        }
        close(fd)
        if inPlace && rename(file, path) != 0 {
            let message = String(cString: strerror(errno))
            unlink(file)
            throw OutputError(path: path, message: message)
        }
    }

    /// Removes a file of the live folder (in place only), and its folders left empty.
    func remove(_ relative: String) {
        var path = staging + "/" + relative
        guard unlink(path) == 0 || errno == ENOENT else { return }
        while true {
            path = (path as NSString).deletingLastPathComponent
            guard path.count > staging.count, rmdir(path) == 0 else { return }
        }
    }

    /// Whether a file exists in the folder being written.
    func exists(_ relative: String) -> Bool {
        access(staging + "/" + relative, F_OK) == 0
    }

    private func makeDirectory(_ path: String) throws {
        if mkdir(path, 0o755) == 0 || errno == EEXIST { return }
        if errno == ENOENT {
            try makeDirectory((path as NSString).deletingLastPathComponent)
            if mkdir(path, 0o755) == 0 || errno == EEXIST { return }
        }
        throw OutputError(path: path, message: String(cString: strerror(errno)))
    }

    /// Replaces the live folder with the staging one (nothing to do in place).
    func commit() throws {
        if inPlace { return }
        let old = target + ".old-\(getpid())"
        let fm = FileManager.default
        var hadTarget = false
        if fm.fileExists(atPath: target) {
            guard rename(target, old) == 0 else { throw OutputError(path: target, message: String(cString: strerror(errno))) }
            hadTarget = true
        }
        guard rename(staging, target) == 0 else {
            let message = String(cString: strerror(errno))
            if hadTarget { _ = rename(old, target) }
            throw OutputError(path: target, message: message)
        }
        if hadTarget { try? fm.removeItem(atPath: old) }
    }

    /// Drops the staging folder, leaving the live site untouched.
    func discard() {
        if inPlace { return }
        try? FileManager.default.removeItem(atPath: staging)
    }
}

public struct OutputError: Error, CustomStringConvertible {
    public let path: String
    public let message: String
    public var description: String { "\(path): cannot write: \(message)" }
}
