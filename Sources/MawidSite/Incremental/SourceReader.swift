import Foundation

/// Reads one content or template file, refusing what cannot be a hand-written text file.
enum SourceReader {
    /// Markdown and YAML files are a few KB; anything bigger than this is a mistake (a video saved as .md,
    /// a runaway script) and would stall every reload.
    static let maxSize = 1 << 20

    /// The file's bytes, or a sentence saying why not (for `path:1: file: <sentence>`).
    static func read(_ path: String) -> Result<[UInt8], SourceProblem> {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return .failure(SourceProblem(errno: errno)) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return .failure(SourceProblem(errno: errno)) }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            return .failure(SourceProblem(message: "is not a regular file", suggestion: "remove it or rename it without the .md extension"))
        }
        guard Int(info.st_size) <= maxSize else {
            return .failure(SourceProblem(message: "is \(Self.size(Int(info.st_size))); a content file is at most \(Self.size(maxSize))",
                                          suggestion: "is it the right file? keep photos in photos/ and long texts short"))
        }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size) + 1)
        var count = 0
        while true {
            if count == bytes.count { bytes.append(contentsOf: repeatElement(0, count: 4096)) }
            let n = bytes.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress! + count, $0.count - count) }
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(SourceProblem(errno: errno))
            }
            if n == 0 { break }
            count += n
            if count > maxSize {
                return .failure(SourceProblem(message: "grew past \(Self.size(maxSize)) while being read",
                                              suggestion: "is it the right file?"))
            }
        }
        bytes.removeSubrange(count...)
        return .success(bytes)
    }

    static func size(_ bytes: Int) -> String {
        bytes >= 1 << 20 ? "\(bytes >> 20) MB" : bytes >= 1024 ? "\(bytes >> 10) KB" : "\(bytes) bytes"
    }
}

/// Why a file could not be read, in words.
struct SourceProblem: Error {
    let message: String
    var suggestion: String?

    init(message: String, suggestion: String? = nil) {
        self.message = message
        self.suggestion = suggestion
    }

    init(errno code: Int32) {
        switch code {
        case ENOENT: self.init(message: "vanished while being read", suggestion: "it was deleted or renamed; save it again")
        case ELOOP: self.init(message: "is a symbolic link that loops (too many levels of symbolic links)",
                              suggestion: "point the link at a real file or remove it")
        case EACCES: self.init(message: "cannot be read: permission denied", suggestion: "make it readable by the user running mawid")
        default: self.init(message: "cannot be read: " + String(cString: strerror(code)))
        }
    }

    func error(path: String) -> ContentError {
        ContentError(path: path, line: 1, field: "file", message: message, suggestion: suggestion)
    }
}
