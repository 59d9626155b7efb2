/// Phone numbers as patients and doctors write them in Algeria, and international ones.
public enum PhoneNumber {
    /// E.164 form (`+213550123456`) of an Algerian or international number, or nil if malformed.
    ///
    /// Accepts spaces, dots, dashes and parentheses: `0550 12 34 56`, `021 45 67 89`,
    /// `+213 550 12 34 56`, `00213 21 45 67 89`, `+33 6 12 34 56 78`.
    public static func normalized(_ text: String) -> String? {
        var digits = ""
        var plus = false
        for (index, ch) in text.enumerated() {
            if ch.isASCII, ch.isNumber { digits.append(ch) }
            else if ch == "+" && index == 0 { plus = true }
            else if !" .-()/".contains(ch) { return nil }
        }
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
