/// One problem found in the content, pointing at the file, line and field, with a suggested fix.
///
/// Printed as `path:line: field: message` (like a compiler), so editors can jump to it.
public struct ContentError: Error, Hashable, Sendable, CustomStringConvertible, Comparable {
    public let path: String
    public let line: Int
    public let field: String
    public let message: String
    public let suggestion: String?

    public init(path: String, line: Int, field: String, message: String, suggestion: String? = nil) {
        self.path = path
        self.line = line
        self.field = field
        self.message = message
        self.suggestion = suggestion
    }

    public var description: String {
        var text = "\(path):\(line): \(field): \(message)"
        if let suggestion { text += " (\(suggestion))" }
        return text
    }

    public static func < (a: ContentError, b: ContentError) -> Bool {
        (a.path, a.line, a.field, a.message) < (b.path, b.line, b.field, b.message)
    }
}

/// Every problem found in one validation pass; the build reports them all at once.
public struct ContentErrors: Error, Sendable, CustomStringConvertible {
    public let errors: [ContentError]

    public init(_ errors: [ContentError]) {
        self.errors = Array(Set(errors)).sorted()
    }

    public var description: String {
        errors.map(\.description).joined(separator: "\n")
    }
}
