import Foundation

/// URL slugs: lowercase ASCII letters, digits and hyphens.
public enum Slug {
    /// "Tizi Ouzou" -> "tizi-ouzou", "Béjaïa" -> "bejaia", "Sidi Bel Abbès" -> "sidi-bel-abbes".
    public static func make(_ text: String) -> String {
        let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased()
        var slug = ""
        var pendingHyphen = false
        for scalar in folded.unicodeScalars {
            if (scalar >= "a" && scalar <= "z") || (scalar >= "0" && scalar <= "9") {
                if pendingHyphen && !slug.isEmpty { slug.append("-") }
                pendingHyphen = false
                slug.unicodeScalars.append(scalar)
            } else {
                pendingHyphen = true
            }
        }
        return slug
    }

    /// What `make` gives back unchanged: words of lowercase ASCII letters and digits joined by single
    /// hyphens. Checked byte by byte (10,000 file names are checked on every content change).
    public static func isValid(_ text: String) -> Bool {
        var previous: UInt8 = UInt8(ascii: "-")
        for byte in text.utf8 {
            let alphanumeric = (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            guard alphanumeric || (byte == UInt8(ascii: "-") && previous != UInt8(ascii: "-")) else { return false }
            previous = byte
        }
        return !text.isEmpty && previous != UInt8(ascii: "-")
    }
}
