import Foundation

/// Files that hold patient data (the database, its backups): owner-only, synced to disk before they count.
enum PrivateFile {
    /// Creates an empty file readable and writable by its owner only. An existing file is left as it is,
    /// unless `new` is true: then it is an error (`EEXIST`).
    static func create(_ path: String, new: Bool = false) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if fd < 0 {
            if errno == EEXIST && !new { return }
            throw FileError(path: path, action: "create", errno: errno)
        }
        defer { close(fd) }
        // The umask may have cleared bits: set exactly 0600.
        guard fchmod(fd, 0o600) == 0 else { throw FileError(path: path, action: "set the mode of", errno: errno) }
    }

    /// Creates a folder and any missing parents, owner-only (0700); an existing folder is left as it is.
    static func createFolder(_ path: String) throws {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue { return }
        let parent = folder(of: path)
        if parent != path && parent != "." && parent != "/" { try createFolder(parent) }
        if mkdir(path, 0o700) == 0 { return }
        let code = errno
        // Made meanwhile by another process: fine if it is a folder.
        if code == EEXIST && FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue { return }
        throw FileError(path: path, action: "create the folder", errno: code == EEXIST ? ENOTDIR : code)
    }

    /// Sets the mode of an existing file to 0600.
    static func makeOwnerOnly(_ path: String) throws {
        guard chmod(path, 0o600) == 0 else { throw FileError(path: path, action: "set the mode of", errno: errno) }
    }

    /// Flushes a file's contents to the disk (`fsync`).
    static func sync(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FileError(path: path, action: "open", errno: errno) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw FileError(path: path, action: "sync", errno: errno) }
    }

    /// Flushes the folder holding `path`, so that a file created or renamed in it survives a power loss.
    static func syncFolder(of path: String) throws {
        try sync(folder(of: path))
    }

    /// The folder of `path` ("." for a bare file name).
    static func folder(of path: String) -> String {
        let folder = (path as NSString).deletingLastPathComponent
        return folder.isEmpty ? "." : folder
    }

    /// Gives `source` the name `target` unless `target` exists (then false, and `source` is left as it is).
    /// A hard link then unlinking the old name: `rename` would replace an existing file silently. On a file
    /// system without hard links, falls back to checking first and renaming.
    static func renameNoReplace(_ source: String, to target: String) throws -> Bool {
        if link(source, target) == 0 {
            _ = unlink(source)
            return true
        }
        switch errno {
        case EEXIST:
            return false
        case EPERM, ENOTSUP, EOPNOTSUPP, EMLINK:
            if FileManager.default.fileExists(atPath: target) { return false }
            try rename(source, to: target)
            return true
        default:
            throw FileError(path: target, action: "create", errno: errno)
        }
    }

    /// `rename(2)`: replaces `target` if it exists, atomically.
    static func rename(_ source: String, to target: String) throws {
        guard systemRename(source, target) == 0 else { throw FileError(path: target, action: "rename \(source) to", errno: errno) }
    }

    /// Copies the file `source` into a new owner-only file `target` (an error if it exists), synced to disk.
    static func copy(_ source: String, to target: String) throws {
        let input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw FileError(path: source, action: "read", errno: errno) }
        defer { close(input) }
        try create(target, new: true)
        let output = open(target, O_WRONLY | O_CLOEXEC)
        guard output >= 0 else { throw FileError(path: target, action: "open", errno: errno) }
        defer { close(output) }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw FileError(path: source, action: "read", errno: errno) }
            if count == 0 { break }
            var written = 0
            while written < count {
                let step = buffer.withUnsafeBytes { write(output, $0.baseAddress! + written, count - written) }
                if step < 0 && errno == EINTR { continue }
                guard step > 0 else { throw FileError(path: target, action: "write", errno: errno) }
                written += step
            }
        }
        guard fsync(output) == 0 else { throw FileError(path: target, action: "sync", errno: errno) }
    }

    /// Removes a file; a missing one is not an error.
    static func remove(_ path: String) throws {
        guard unlink(path) == 0 || errno == ENOENT else { throw FileError(path: path, action: "remove", errno: errno) }
    }

    /// True if a regular file (or a link to one) is at `path`.
    static func exists(_ path: String) -> Bool {
        var isFolder: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && !isFolder.boolValue
    }

    /// The size of a file in bytes (0 if it cannot be read).
    static func size(_ path: String) -> Int64 {
        var info = stat()
        return stat(path, &info) == 0 ? Int64(info.st_size) : 0
    }
}

/// `rename(2)` (the enum's own `rename` hides it there).
private func systemRename(_ source: String, _ target: String) -> Int32 { rename(source, target) }

/// A system call on a file failed: names the file and the system's reason.
public struct FileError: Error, CustomStringConvertible, Sendable {
    public let path: String
    /// What was tried, as a verb phrase: "create", "rename a to".
    public let action: String
    public let errno: Int32

    public var description: String { "cannot \(action) \(path): \(String(cString: strerror(errno)))" }

    /// True when the folder or file does not let this user write (a fix of permissions or of the path).
    public var isPermission: Bool { errno == EACCES || errno == EPERM || errno == EROFS }
}
