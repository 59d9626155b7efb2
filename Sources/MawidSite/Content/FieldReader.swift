import Yams

/// Reads typed values out of front-matter fields (or any YAML file read with `SourceFile.parseYAML`),
/// collecting an error for each bad one.
///
/// Missing required fields are reported against `path` at `line` (the file's front matter, or the key of a
/// nested mapping). Errors name the field as `prefix + key` (`email.from` for `from:` under `email:`).
public struct FieldReader {
    public let fields: [String: Field]
    public let path: String
    public let line: Int
    /// Put before each key in errors: empty at the top of a file, `email.` for the fields under `email:`.
    public let prefix: String
    public private(set) var errors: [ContentError] = []

    public init(fields: [String: Field], path: String, line: Int = 1, prefix: String = "") {
        self.fields = fields
        self.path = path
        self.line = line
        self.prefix = prefix
    }

    /// The top-level fields of a whole YAML file (a settings or texts file, not front matter); a syntax
    /// error, with its line, is then the file's only error.
    public init(yaml text: String, path: String) throws(ContentErrors) {
        let fields: [String: Field]
        do { fields = try SourceFile.parseYAML(text, path: path) } catch { throw ContentErrors([error]) }
        self.init(fields: fields, path: path)
    }

    public mutating func fail(_ key: String, _ message: String, suggestion: String? = nil) {
        let field = fields[key]
        errors.append(ContentError(path: field?.path ?? path, line: field?.line ?? line, field: prefix + key,
                                   message: message, suggestion: suggestion))
    }

    public mutating func fail(_ field: Field, key: String, _ message: String, suggestion: String? = nil) {
        errors.append(ContentError(path: field.path, line: field.line, field: prefix + key, message: message,
                                   suggestion: suggestion))
    }

    /// Reports every key not in `allowed` (as `message`), suggesting the closest allowed one.
    public mutating func rejectUnknownKeys(allowed: [String], message: String = "unknown field") {
        for (key, field) in fields where !allowed.contains(key) {
            fail(field, key: key, message, suggestion: Suggest.hint(for: key, in: allowed, prefix: prefix))
        }
    }

    public mutating func missing(_ key: String, example: String) {
        errors.append(ContentError(path: path, line: line, field: prefix + key, message: "required field is missing",
                                   suggestion: "add a line like `\(key): \(example)`"))
    }

    /// A reader of the `key: value` lines under `key:` (each with its own line; errors named `key.inner`),
    /// or nil when the field is absent or not a mapping (an error). Add its errors back with `merge`.
    public mutating func nested(_ key: String) -> FieldReader? {
        guard let field = fields[key] else { return nil }
        guard let mapping = field.node.mapping else {
            fail(key, "expected `key: value` lines under \(prefix + key):")
            return nil
        }
        var inner: [String: Field] = [:]
        for (name, value) in mapping {
            guard let text = name.string else { continue }
            inner[text] = Field(node: value, path: field.path, line: field.line(of: name), lineOffset: field.lineOffset)
        }
        return FieldReader(fields: inner, path: field.path, line: field.line, prefix: prefix + key + ".")
    }

    /// Takes the errors of a reader made by `nested`.
    public mutating func merge(_ nested: FieldReader) {
        errors += nested.errors
    }

    /// An error found outside the reader (e.g. when checking the values read together).
    public mutating func append(_ error: ContentError) {
        errors.append(error)
    }

    public mutating func string(_ key: String, required example: String? = nil) -> String? {
        guard let field = fields[key] else {
            if let example { missing(key, example: example) }
            return nil
        }
        guard let scalar = field.node.scalar, field.node.null == nil else {
            fail(key, "expected a text value", suggestion: example.map { "write it like `\(key): \($0)`" })
            return nil
        }
        let text = scalar.string.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty {
            fail(key, "is empty", suggestion: example.map { "write it like `\(key): \($0)`" } ?? "remove the line")
            return nil
        }
        return text
    }

    public mutating func int(_ key: String, range: ClosedRange<Int>, required example: String? = nil) -> Int? {
        guard let field = fields[key] else {
            if let example { missing(key, example: example) }
            return nil
        }
        guard let value = field.node.scalar.flatMap({ Int($0.string.trimmingCharacters(in: .whitespaces)) }) else {
            fail(key, "expected a whole number", suggestion: "write it like `\(key): \(example ?? String(range.lowerBound))`")
            return nil
        }
        guard range.contains(value) else {
            fail(key, "\(value) is out of range", suggestion: "use a number from \(range.lowerBound) to \(range.upperBound)")
            return nil
        }
        return value
    }

    public mutating func bool(_ key: String) -> Bool? {
        guard let field = fields[key] else { return nil }
        guard let value = field.node.bool else {
            fail(key, "expected true or false", suggestion: "write `\(key): true` or remove the line")
            return nil
        }
        return value
    }

    /// A list of strings; a single string is accepted as a one-element list.
    public mutating func strings(_ key: String, required example: String? = nil) -> [String]? {
        guard let field = fields[key] else {
            if let example { missing(key, example: example) }
            return nil
        }
        if let scalar = field.node.scalar, field.node.null == nil {
            return [scalar.string.trimmingCharacters(in: .whitespaces)]
        }
        guard let sequence = field.node.sequence else {
            fail(key, "expected a list", suggestion: example.map { "write it like `\(key): \($0)`" })
            return nil
        }
        var result: [String] = []
        for item in sequence {
            guard let scalar = item.scalar else {
                fail(key, "every item of the list must be a text value")
                return nil
            }
            result.append(scalar.string.trimmingCharacters(in: .whitespaces))
        }
        return result
    }

    public func has(_ key: String) -> Bool { fields[key] != nil }
}
