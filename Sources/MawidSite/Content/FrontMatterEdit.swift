/// Replaces, adds or removes top-level fields of a Markdown file's YAML front matter by lines, leaving every
/// other byte as it was: the other fields, the comments between fields, the line endings, the body.
///
/// A field's block is its `key:` line and the lines after it up to the next `key:` line, less the blank and
/// comment lines just before that one (they stay, as they may introduce the next field). A comment at the
/// end of a replaced field's `key:` line is kept; comments inside a replaced block go with it.
public struct FrontMatterEdit: Sendable {
    /// A change: `key`'s block becomes `lines` (without line endings), or goes when `lines` is nil. A field
    /// not in the file is added after the block of `after` if there is one, else at the end of the front matter.
    public struct Change: Sendable {
        public var key: String
        public var lines: [String]?
        public var after: String?

        public init(key: String, lines: [String]?, after: String? = nil) {
            self.key = key
            self.lines = lines
            self.after = after
        }
    }

    /// The file's lines, split at `\n` (a `\r` before it stays on its line, and is written back).
    let lines: [Substring]
    /// Index of the closing `---`.
    let end: Int
    let carriageReturn: Bool

    /// nil if the text has no front matter between `---` lines.
    public init?(text: String) {
        // Split by scalars: "\r\n" is one Character, and its "\r" must stay on its line.
        let lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
            .map { Substring(String(String.UnicodeScalarView($0))) }
        guard lines.first?.trimmingTrailingSpace() == "---",
              let end = lines.indices.dropFirst().first(where: { lines[$0].trimmingTrailingSpace() == "---" }) else { return nil }
        self.lines = lines
        self.end = end
        carriageReturn = lines[0].hasSuffix("\r")
    }

    /// The lines of `key`'s block (line endings removed), or nil if the field is not there.
    public func block(_ key: String) -> [String]? {
        guard let range = blocks()[key] else { return nil }
        return lines[range].map { String($0.trimmingTrailingSpace()) }
    }

    /// Top-level fields by key, each with its lines.
    func blocks() -> [String: Range<Int>] {
        var starts: [(key: String, line: Int)] = []
        for index in 1..<end {
            if let key = Self.key(of: lines[index]) { starts.append((key, index)) }
        }
        var blocks: [String: Range<Int>] = [:]
        for (position, start) in starts.enumerated() {
            var last = position + 1 < starts.count ? starts[position + 1].line : end
            while last - 1 > start.line, Self.isBlankOrComment(lines[last - 1]) { last -= 1 }
            blocks[start.key] = start.line..<last
        }
        return blocks
    }

    /// The text with `changes` made.
    public func replacing(_ changes: [Change]) -> String {
        var output = Array(lines.map(String.init))
        let blocks = blocks()
        // From the bottom of the file up, so earlier ranges stay right.
        var edits: [(range: Range<Int>, lines: [String])] = []
        for change in changes {
            if let range = blocks[change.key] {
                var new = change.lines ?? []
                if let comment = Self.trailingComment(lines[range.lowerBound]), !new.isEmpty { new[0] += " " + comment }
                edits.append((range, new))
            } else if let new = change.lines {
                let at = change.after.flatMap { after in
                    // Added just before: it may itself be one of these changes.
                    blocks[after].map(\.upperBound)
                } ?? end
                edits.append((at..<at, new))
            }
        }
        for edit in edits.sorted(by: { ($0.range.lowerBound, $0.range.upperBound) > ($1.range.lowerBound, $1.range.upperBound) }) {
            output.replaceSubrange(edit.range, with: edit.lines.map { carriageReturn ? $0 + "\r" : $0 })
        }
        return output.joined(separator: "\n")
    }

    /// The key of a top-level `key: …` line, or nil for an indented, blank, comment or list line.
    static func key(of line: Substring) -> String? {
        guard let first = line.first, first != " ", first != "\t", first != "#", first != "-",
              let colon = line.firstIndex(of: ":") else { return nil }
        let key = line[..<colon].trimmingCharacters(in: .whitespaces)
        return key.isEmpty || key.contains(" ") ? nil : key
    }

    static func isBlankOrComment(_ line: Substring) -> Bool {
        let trimmed = line.drop { $0 == " " || $0 == "\t" }.trimmingTrailingSpace()
        return trimmed.isEmpty || trimmed.hasPrefix("#")
    }

    /// `# …` at the end of a line, outside quotes.
    static func trailingComment(_ line: Substring) -> String? {
        var quote: Character?
        var previous: Character = " "
        for index in line.indices {
            let c = line[index]
            if let open = quote {
                if c == open { quote = nil }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == "#", previous == " " || previous == "\t" {
                return String(line[index...].trimmingTrailingSpace())
            }
            previous = c
        }
        return nil
    }
}
