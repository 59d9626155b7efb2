import Yams

/// One front-matter value with where it was written, so errors can point at it.
public struct Field: @unchecked Sendable {
    public let node: Node
    public let path: String
    public let line: Int
    /// Added to a YAML mark's line to get the line in the file.
    public let lineOffset: Int

    public init(node: Node, path: String, line: Int, lineOffset: Int) {
        self.node = node
        self.path = path
        self.line = line
        self.lineOffset = lineOffset
    }

    /// The file line of a node nested inside this field's value.
    public func line(of nested: Node) -> Int {
        nested.mark.map { lineOffset + $0.line } ?? line
    }
}

/// A Markdown file split into its YAML front matter and its body.
public struct SourceFile: @unchecked Sendable {
    public let path: String
    /// Front-matter fields by key, each with its line.
    public let fields: [String: Field]
    public let body: String
    /// Line where the body starts (1-based).
    public let bodyLine: Int

    /// Splits `---` front matter from the body and parses the YAML, keeping line numbers.
    public static func parse(text: String, path: String, requireFrontMatter: Bool = true) throws(ContentError) -> SourceFile {
        var yaml = ""
        var body = Substring(text)
        var yamlFirstLine = 1
        var bodyLine = 1
        // "\r\n" is one Character: files saved with Windows line endings split the same.
        let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
        if lines.first.map({ $0.trimmingTrailingSpace() == "---" }) == true {
            guard let end = lines.dropFirst().firstIndex(where: { $0.trimmingTrailingSpace() == "---" }) else {
                throw ContentError(path: path, line: 1, field: "front matter",
                                   message: "front matter starts with --- but never ends",
                                   suggestion: "add a line with --- after the last field")
            }
            yaml = lines[1..<end].joined(separator: "\n")
            yamlFirstLine = 2
            bodyLine = end + 2
            body = lines.count > end + 1 ? Substring(lines[(end + 1)...].joined(separator: "\n")) : ""
        } else if requireFrontMatter {
            throw ContentError(path: path, line: 1, field: "front matter",
                               message: "the file has no front matter",
                               suggestion: "start the file with a line ---, the fields (name: …), then another ---")
        }
        let fields = try parseYAML(yaml, path: path, firstLine: yamlFirstLine)
        return SourceFile(path: path, fields: fields, body: String(body), bodyLine: bodyLine)
    }

    /// Parses a YAML mapping (front matter or a .yml file) into fields with line numbers.
    public static func parseYAML(_ yaml: String, path: String, firstLine: Int = 1) throws(ContentError) -> [String: Field] {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw yamlError(error, path: path, firstLine: firstLine)
        } catch {
            throw ContentError(path: path, line: firstLine, field: "front matter", message: "\(error)")
        }
        guard let root else { return [:] }
        guard let mapping = root.mapping else {
            throw ContentError(path: path, line: firstLine + (root.mark?.line ?? 1) - 1, field: "front matter",
                               message: "expected fields written as `key: value`",
                               suggestion: "write one field per line, e.g. name: Dr Amina Benali")
        }
        var fields: [String: Field] = [:]
        for (key, value) in mapping {
            let line = firstLine + (key.mark?.line ?? 1) - 1
            guard let name = key.string else {
                throw ContentError(path: path, line: line, field: "front matter", message: "a key must be a plain word")
            }
            if fields[name] != nil {
                throw ContentError(path: path, line: line, field: name, message: "written twice",
                                   suggestion: "keep only one `\(name):` line")
            }
            fields[name] = Field(node: value, path: path, line: line, lineOffset: firstLine - 1)
        }
        return fields
    }

    private static func yamlError(_ error: YamlError, path: String, firstLine: Int) -> ContentError {
        let hint = "check the indentation and put values containing `:` or `#` in quotes"
        switch error {
        case let .scanner(_, problem, mark, _), let .parser(_, problem, mark, _), let .composer(_, problem, mark, _):
            return ContentError(path: path, line: firstLine + mark.line - 1, field: "front matter",
                                message: "YAML syntax error: \(problem)", suggestion: hint)
        case let .duplicatedKeysInMapping(duplicates, context):
            return ContentError(path: path, line: firstLine + context.mark.line - 1,
                                field: duplicates.first ?? "front matter", message: "written twice",
                                suggestion: "keep only one line for each field")
        default:
            return ContentError(path: path, line: firstLine, field: "front matter",
                                message: "YAML error: \(error)", suggestion: hint)
        }
    }
}

extension Substring {
    func trimmingTrailingSpace() -> Substring {
        var s = self
        while let last = s.last, last == " " || last == "\t" || last == "\r" { s = s.dropLast() }
        return s
    }
}
