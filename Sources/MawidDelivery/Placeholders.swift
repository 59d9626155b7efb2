/// `{{name}}` placeholders in a text: the message texts and the SMS gateway's body template.
public enum Placeholders {
    /// `template` with each `{{name}}` replaced by `value(name)`, in one pass over its bytes: values are never
    /// read as templates themselves. Names are trimmed of spaces; an unclosed `{{` is kept as text.
    public static func fill(_ template: String, _ value: (String) -> String) -> String {
        let utf8 = Array(template.utf8)
        let open = UInt8(ascii: "{"), close = UInt8(ascii: "}"), space = UInt8(ascii: " ")
        // Most texts have no placeholder after a point: find the first one before copying anything.
        var i = 0
        while i + 1 < utf8.count, !(utf8[i] == open && utf8[i + 1] == open) { i += 1 }
        if i + 1 >= utf8.count { return template }
        var out: [UInt8] = Array(utf8[..<i])
        out.reserveCapacity(utf8.count + 128)
        while i < utf8.count {
            guard i + 1 < utf8.count, utf8[i] == open, utf8[i + 1] == open else {
                out.append(utf8[i])
                i += 1
                continue
            }
            var end = i + 2
            while end + 1 < utf8.count, !(utf8[end] == close && utf8[end + 1] == close) { end += 1 }
            guard end + 1 < utf8.count else {
                out.append(contentsOf: utf8[i...])  // unclosed: the rest as it is
                break
            }
            var start = i + 2, stop = end
            while start < stop, utf8[start] == space { start += 1 }
            while stop > start, utf8[stop - 1] == space { stop -= 1 }
            out.append(contentsOf: value(String(decoding: utf8[start..<stop], as: UTF8.self)).utf8)
            i = end + 2
        }
        return String(decoding: out, as: UTF8.self)
    }
}
