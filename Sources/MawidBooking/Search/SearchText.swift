/// Text as the office's search compares it: lowercase, without accents or Arabic short vowels, Arabic
/// letters people write either way made one (أ إ آ ٱ → ا, ى → ي, ة → ه, ؤ → و, ئ → ي, no tatweel), spaces
/// collapsed. "Amélie BEN-ALI" and "amelie ben-ali" fold to the same text; so do "فاطمة" and "فاطمه".
public enum SearchText {
    public static func folded(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var space = true  // drops leading spaces
        for scalar in text.decomposedStringWithCanonicalMapping.lowercased().unicodeScalars {
            if scalar.properties.generalCategory == .nonspacingMark { continue }
            if scalar.properties.isWhitespace {
                if !space { out.append(" ") }
                space = true
                continue
            }
            space = false
            switch scalar.value {
            case 0x0640: continue                         // tatweel
            case 0x0622, 0x0623, 0x0625, 0x0671: out.append("\u{0627}")
            case 0x0649, 0x0626: out.append("\u{064A}")
            case 0x0629: out.append("\u{0647}")
            case 0x0624: out.append("\u{0648}")
            default: out.append(scalar)
            }
        }
        var result = String(out)
        if result.hasSuffix(" ") { result.removeLast() }
        return result
    }

    /// What a booking is found by: the patient's and the relative's names, folded, and the phone number's
    /// digits (`+213550123456` → `213550123456`). Stored in `booking.searchKey`, indexed by trigrams.
    static func key(patientName: String, relativeName: String?, phone: String) -> String {
        var key = folded(patientName)
        if let relativeName, !relativeName.isEmpty { key += " / " + folded(relativeName) }
        return key + " / " + phone.filter(\.isASCIIDigit)
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
