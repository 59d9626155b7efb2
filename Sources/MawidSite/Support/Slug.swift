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

    public static func isValid(_ text: String) -> Bool {
        !text.isEmpty && make(text) == text
    }
}
