import Yams

/// Reads typed values out of front-matter fields, collecting an error for each bad one.
///
/// Missing required fields are reported against `path` at `line` (the file's front matter).
struct FieldReader {
    let fields: [String: Field]
    let path: String
    let line: Int
    private(set) var errors: [ContentError] = []

    init(fields: [String: Field], path: String, line: Int = 1) {
        self.fields = fields
        self.path = path
        self.line = line
    }

    mutating func fail(_ key: String, _ message: String, suggestion: String? = nil) {
        let field = fields[key]
        errors.append(ContentError(path: field?.path ?? path, line: field?.line ?? line, field: key,
                                   message: message, suggestion: suggestion))
    }

    mutating func fail(_ field: Field, key: String, _ message: String, suggestion: String? = nil) {
        errors.append(ContentError(path: field.path, line: field.line, field: key, message: message, suggestion: suggestion))
    }

    /// Reports every key not in `allowed`, suggesting the closest allowed one.
    mutating func rejectUnknownKeys(allowed: [String]) {
        for (key, field) in fields where !allowed.contains(key) {
            fail(field, key: key, "unknown field", suggestion: Suggest.hint(for: key, in: allowed))
        }
    }

    mutating func missing(_ key: String, example: String) {
        errors.append(ContentError(path: path, line: line, field: key, message: "required field is missing",
                                   suggestion: "add a line like `\(key): \(example)`"))
    }

    mutating func string(_ key: String, required example: String? = nil) -> String? {
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

    mutating func int(_ key: String, range: ClosedRange<Int>, required example: String? = nil) -> Int? {
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

    mutating func bool(_ key: String) -> Bool? {
        guard let field = fields[key] else { return nil }
        guard let value = field.node.bool else {
            fail(key, "expected true or false", suggestion: "write `\(key): true` or remove the line")
            return nil
        }
        return value
    }

    /// A list of strings; a single string is accepted as a one-element list.
    mutating func strings(_ key: String, required example: String? = nil) -> [String]? {
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

    func has(_ key: String) -> Bool { fields[key] != nil }
}
