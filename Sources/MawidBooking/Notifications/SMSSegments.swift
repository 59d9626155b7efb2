import Foundation

/// How many SMS a text takes (3GPP TS 23.038 / 23.040).
///
/// A text made only of GSM-7 characters is sent in 7-bit: 160 septets in one SMS, 153 per part when
/// concatenated; the extension characters `^ { } \ [ ~ ] | €` and form feed take two septets (an escape and
/// the character), and a part never ends between the two. Any other character (Arabic, `ç`, `ê`, emoji…)
/// makes the whole text UCS-2: 70 UTF-16 code units in one SMS, 67 per part, a surrogate pair never split.
public enum SMSSegments {
    /// The number of SMS `text` takes; 0 for an empty text.
    public static func count(_ text: String) -> Int {
        guard !text.isEmpty else { return 0 }
        // Counted without collecting each character's size: this runs for every SMS written.
        if GSM7.isGSM7(text) {
            let costs = text.unicodeScalars.lazy.map { GSM7.septets(of: $0) ?? 0 }
            return parts(costs, single: 160, perPart: 153)
        }
        return parts(text.unicodeScalars.lazy.map { $0.value > 0xFFFF ? 2 : 1 }, single: 70, perPart: 67)
    }

    /// True if `text` is sent in 7-bit GSM (no UCS-2).
    public static func isGSM7(_ text: String) -> Bool { GSM7.isGSM7(text) }

    /// `costs` are the indivisible units' sizes, in order.
    private static func parts(_ costs: some Sequence<Int>, single: Int, perPart: Int) -> Int {
        if costs.reduce(0, +) <= single { return 1 }
        var count = 1, used = 0
        for cost in costs {
            if used + cost > perPart {
                count += 1
                used = 0
            }
            used += cost
        }
        return count
    }
}

/// The GSM 03.38 default alphabet and its extension table.
enum GSM7 {
    static let basic: Set<Unicode.Scalar> = Set((
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
        + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà").unicodeScalars)
    static let extended: Set<Unicode.Scalar> = Set("\u{0C}^{}\\[~]|€".unicodeScalars)

    /// Septets (1 or 2) of the characters below U+0100, 0 where not GSM-7: a table, as this runs for every SMS.
    private static let latin1Septets: [UInt8] = (0..<256).map { value in
        let scalar = Unicode.Scalar(UInt8(value))
        return basic.contains(scalar) ? 1 : extended.contains(scalar) ? 2 : 0
    }

    /// 1 or 2 septets, or nil if `scalar` is not in GSM-7.
    static func septets(of scalar: Unicode.Scalar) -> Int? {
        if scalar.value < 0x100 {
            let cost = latin1Septets[Int(scalar.value)]
            return cost == 0 ? nil : Int(cost)
        }
        return basic.contains(scalar) ? 1 : extended.contains(scalar) ? 2 : nil
    }

    static func isGSM7(_ text: String) -> Bool { text.unicodeScalars.allSatisfy { septets(of: $0) != nil } }

    /// Latin letters and punctuation with a GSM-7 look-alike: `ç` → `c`, `ê` → `e`, `’` → `'`, `œ` → `oe`…
    static let lookAlikes: [Unicode.Scalar: String] = [
        "à": "à", "â": "a", "ä": "ä", "á": "a", "ç": "c", "é": "é", "è": "è", "ê": "e", "ë": "e", "î": "i", "ï": "i",
        "í": "i", "ô": "o", "ö": "ö", "ó": "o", "û": "u", "ü": "ü", "ú": "u", "ù": "ù", "ÿ": "y", "œ": "oe", "Œ": "OE",
        "À": "A", "Â": "A", "È": "E", "Ê": "E", "Ë": "E", "Î": "I", "Ï": "I", "Ô": "O", "Û": "U", "Ù": "U",
        "’": "'", "‘": "'", "«": "\"", "»": "\"", "“": "\"", "”": "\"", "–": "-", "—": "-", "…": "...",
        "\u{00A0}": " ", "\u{202F}": " ",
    ]

    /// `text` with look-alikes replaced if that makes it all GSM-7 (one SMS holds 160 characters instead of
    /// 70); otherwise `text` unchanged (Arabic stays as it is).
    static func preferGSM7(_ text: String) -> String {
        // Foundation's normalization is the costly part: skip it when every character is one NFC leaves alone
        // (below U+0300, a look-alike or GSM-7 itself: none of them combines), as in French or English texts.
        let isNFC = text.unicodeScalars.allSatisfy { $0.value < 0x300 || lookAlikes[$0] != nil || septets(of: $0) != nil }
        let text = isNFC ? text : text.precomposedStringWithCanonicalMapping
        if isGSM7(text) { return text }
        // Bytes, not scalars: most characters are ASCII and copied as they are.
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            if scalar.value < 0x80, latin1Septets[Int(scalar.value)] != 0 {
                out.append(UInt8(scalar.value))
            } else if let replacement = lookAlikes[scalar] {
                out.append(contentsOf: replacement.utf8)
            } else {
                guard septets(of: scalar) != nil else { return text }  // stays UCS-2 whatever we replace
                out.append(contentsOf: String(scalar).utf8)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
