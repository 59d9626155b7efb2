import Mustache

/// The same escaping as swift-mustache's HTML content type (`< > & " '`), on UTF-8 bytes: most
/// values need none and are returned as they are. Templates get it through a pragma that
/// `TemplateSet` adds in front of each file, so restyled templates need nothing special.
struct FastHTMLEscaping: MustacheContentType {
    static let name = "MAWID_HTML"
    /// On a line of its own, so the template's first line keeps its standalone-tag whitespace rules.
    static let pragma = "{{%CONTENT_TYPE:\(name)}}\n"

    func escapeText(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes -> String in
            guard bytes.contains(where: { $0 == 0x3C || $0 == 0x3E || $0 == 0x26 || $0 == 0x22 || $0 == 0x27 }) else {
                return String(decoding: bytes, as: UTF8.self)
            }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 32)
            for byte in bytes {
                switch byte {
                case 0x3C: out.append(contentsOf: "&lt;".utf8)
                case 0x3E: out.append(contentsOf: "&gt;".utf8)
                case 0x26: out.append(contentsOf: "&amp;".utf8)
                case 0x22: out.append(contentsOf: "&quot;".utf8)
                case 0x27: out.append(contentsOf: "&#39;".utf8)
                default: out.append(byte)
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// Registers the content type once per process.
    static let registered: Void = { MustacheContentTypes.register(FastHTMLEscaping(), named: name) }()
}
