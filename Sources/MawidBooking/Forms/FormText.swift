/// Text helpers for form values, on Unicode scalars (no Foundation): every booking goes through them,
/// so they return the value itself when there is nothing to change.
enum FormText {
    /// Without leading and trailing white space and line breaks (Unicode `White_Space`, as Foundation's
    /// `.whitespacesAndNewlines`).
    static func trimmed(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.first, let last = scalars.last else { return text }
        if !isSpace(first), !isSpace(last) { return text }
        guard let start = scalars.firstIndex(where: { !isSpace($0) }),
              let end = scalars.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(scalars[start...end])
    }

    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20, 0x09...0x0D: return true
        case 0..<0x80: return false
        default: return scalar.properties.isWhitespace
        }
    }

    /// True for C0 and C1 control characters (general category Cc), except those in `allowed`.
    static func hasControlCharacters(_ text: String, allowing allowed: Set<Unicode.Scalar> = []) -> Bool {
        text.unicodeScalars.contains { scalar in
            let value = scalar.value
            return (value < 0x20 || (0x7F...0x9F).contains(value)) && !allowed.contains(scalar)
        }
    }

    /// CRLF and lone CR become LF.
    static func unixNewlines(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "\r")) else { return text }
        return text.replacing("\r\n", with: "\n").replacing("\r", with: "\n")
    }
}
