/// Phone numbers as patients and doctors write them in Algeria, and international ones.
public enum PhoneNumber {
    /// E.164 form (`+213550123456`) of an Algerian or international number, or nil if malformed.
    ///
    /// Accepts spaces, dots, dashes and parentheses: `0550 12 34 56`, `021 45 67 89`,
    /// `+213 550 12 34 56`, `00213 21 45 67 89`, `+33 6 12 34 56 78`.
    public static func normalized(_ text: String) -> String? {
        // Byte by byte: anything but ASCII digits, a leading "+" and the separators (so any non-ASCII byte)
        // makes the number malformed.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(20)
        var plus = false
        for (index, byte) in text.utf8.enumerated() {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): bytes.append(byte)
            case UInt8(ascii: "+") where index == 0: plus = true
            case UInt8(ascii: " "), UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "("), UInt8(ascii: ")"),
                 UInt8(ascii: "/"): continue
            default: return nil
            }
        }
        var digits = String(decoding: bytes, as: UTF8.self)
        if !plus, digits.hasPrefix("00") { digits.removeFirst(2); plus = true }
        if plus {
            if digits.hasPrefix("213") {
                var national = digits.dropFirst(3)
                if national.hasPrefix("0") { national = national.dropFirst() }
                return isAlgerianNational(national) ? "+213" + national : nil
            }
            return (8...15).contains(digits.count) && !digits.hasPrefix("0") ? "+" + digits : nil
        }
        guard digits.hasPrefix("0") else { return nil }
        let national = digits.dropFirst()
        return isAlgerianNational(national) ? "+213" + national : nil
    }

    /// Without the leading 0: mobiles 5/6/7 + 8 digits, landlines 2/3/4 + 7 digits.
    private static func isAlgerianNational(_ digits: Substring) -> Bool {
        guard let first = digits.first else { return false }
        switch first {
        case "5", "6", "7": return digits.count == 9
        case "2", "3", "4": return digits.count == 8
        case "9": return digits.count == 8 || digits.count == 9
        default: return false
        }
    }
}

public enum EmailAddress {
    /// A plausible address: one `@`, a non-empty local part, a dotted domain, no spaces.
    public static func isValid(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, text.count <= 254 else { return false }
        let domain = parts[1]
        guard domain.contains("."), !domain.hasPrefix("."), !domain.hasSuffix("."), !domain.contains("..") else { return false }
        return !text.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "," || $0 == ";" })
    }
}
