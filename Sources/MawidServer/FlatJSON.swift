/// Reads a JSON object whose values are strings, numbers, booleans or null (what the booking and contact
/// APIs accept) into text fields, straight from the UTF-8 bytes of a body.
///
/// Numbers keep their JSON text, `true` and `false` become "1" and "0", null members are left out, and
/// a later duplicate key wins. Any other value is refused, naming its key.
struct FlatJSON {
    enum Failure: Error, Equatable {
        /// Not JSON, or JSON but not an object.
        case notAnObject
        /// The member with this key is an array or an object.
        case notText(key: String)
    }

    private let bytes: [UInt8]
    private var i = 0

    private init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The members of the object in `bytes` (valid UTF-8).
    static func fields(_ bytes: [UInt8]) throws(Failure) -> [String: String] {
        var reader = FlatJSON(bytes)
        return try reader.object()
    }

    private mutating func object() throws(Failure) -> [String: String] {
        var fields: [String: String] = [:]
        skipSpace()
        try expect(UInt8(ascii: "{"))
        skipSpace()
        if peek == UInt8(ascii: "}") {
            i += 1
        } else {
            while true {
                skipSpace()
                let key = try string()
                skipSpace()
                try expect(UInt8(ascii: ":"))
                skipSpace()
                fields[key] = try value(key: key)  // null removes
                skipSpace()
                if peek == UInt8(ascii: ",") { i += 1; continue }
                try expect(UInt8(ascii: "}"))
                break
            }
        }
        skipSpace()
        guard i == bytes.count else { throw .notAnObject }
        return fields
    }

    /// A scalar as text, nil for null.
    private mutating func value(key: String) throws(Failure) -> String? {
        switch peek {
        case UInt8(ascii: "\""): return try string()
        case UInt8(ascii: "t"): try literal("true"); return "1"
        case UInt8(ascii: "f"): try literal("false"); return "0"
        case UInt8(ascii: "n"): try literal("null"); return nil
        case UInt8(ascii: "["), UInt8(ascii: "{"): throw .notText(key: key)
        default: return try number()
        }
    }

    private mutating func string() throws(Failure) -> String {
        try expect(UInt8(ascii: "\""))
        let start = i
        // Fast path: no escapes.
        while i < bytes.count, bytes[i] != UInt8(ascii: "\""), bytes[i] != UInt8(ascii: "\\") {
            guard bytes[i] >= 0x20 else { throw .notAnObject }
            i += 1
        }
        guard i < bytes.count else { throw .notAnObject }
        if bytes[i] == UInt8(ascii: "\"") {
            i += 1
            return String(decoding: bytes[start..<i - 1], as: UTF8.self)
        }
        var out = Array(bytes[start..<i])
        while bytes[i] == UInt8(ascii: "\\") {
            i += 1
            guard i < bytes.count else { throw .notAnObject }
            let escape = bytes[i]
            i += 1
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"): out.append(contentsOf: try unicodeEscape())
            default: throw .notAnObject
            }
            while i < bytes.count, bytes[i] != UInt8(ascii: "\""), bytes[i] != UInt8(ascii: "\\") {
                guard bytes[i] >= 0x20 else { throw .notAnObject }
                out.append(bytes[i])
                i += 1
            }
            guard i < bytes.count else { throw .notAnObject }
        }
        i += 1  // the closing quote
        return String(decoding: out, as: UTF8.self)
    }

    /// After `\u`: four hex digits, a surrogate pair as two escapes; the scalar as UTF-8.
    private mutating func unicodeEscape() throws(Failure) -> [UInt8] {
        var value = try hex4()
        if (0xD800...0xDBFF).contains(value) {
            guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else {
                throw .notAnObject
            }
            i += 2
            let low = try hex4()
            guard (0xDC00...0xDFFF).contains(low) else { throw .notAnObject }
            value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
        }
        guard let scalar = Unicode.Scalar(value) else { throw .notAnObject }
        return Array(String(Character(scalar)).utf8)
    }

    private mutating func hex4() throws(Failure) -> UInt32 {
        guard i + 4 <= bytes.count else { throw .notAnObject }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[i]
            let digit: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = c - UInt8(ascii: "A") + 10
            default: throw .notAnObject
            }
            value = value << 4 | UInt32(digit)
            i += 1
        }
        return value
    }

    /// A JSON number (`-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?`), as written.
    private mutating func number() throws(Failure) -> String {
        let start = i
        if peek == UInt8(ascii: "-") { i += 1 }
        if peek == UInt8(ascii: "0") { i += 1 } else { try digits() }
        if peek == UInt8(ascii: ".") { i += 1; try digits() }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            i += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { i += 1 }
            try digits()
        }
        return String(decoding: bytes[start..<i], as: UTF8.self)
    }

    private mutating func digits() throws(Failure) {
        let start = i
        while let c = peek, c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") { i += 1 }
        guard i > start else { throw .notAnObject }
    }

    private mutating func literal(_ word: StaticString) throws(Failure) {
        let count = word.utf8CodeUnitCount
        guard i + count <= bytes.count else { throw .notAnObject }
        for k in 0..<count where bytes[i + k] != word.utf8Start[k] { throw .notAnObject }
        i += count
    }

    private var peek: UInt8? { i < bytes.count ? bytes[i] : nil }

    private mutating func expect(_ byte: UInt8) throws(Failure) {
        guard peek == byte else { throw .notAnObject }
        i += 1
    }

    private mutating func skipSpace() {
        while let c = peek, c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { i += 1 }
    }
}
