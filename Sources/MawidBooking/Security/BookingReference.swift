/// A short booking reference to read over the phone, like `K7M4-XQ2P`.
public enum BookingReference {
    /// Digits and capitals without the look-alikes 0/O, 1/I/L.
    public static let alphabet = Array("23456789ABCDEFGHJKMNPQRSTUVWXYZ")

    /// 8 random characters as `XXXX-XXXX`.
    public static func generate() -> String {
        var rng = SystemRandomNumberGenerator()
        return generate(using: &rng)
    }

    public static func generate(using rng: inout some RandomNumberGenerator) -> String {
        let chars = (0..<8).map { _ in alphabet.randomElement(using: &rng)! }
        return String(chars[0..<4]) + "-" + String(chars[4..<8])
    }

    /// A reference as typed by a person (any case, spaces, with or without the dash) in canonical form, or nil.
    public static func normalized(_ text: String) -> String? {
        let chars = Array(text.uppercased().filter { $0 != "-" && $0 != " " })
        guard chars.count == 8, chars.allSatisfy(alphabet.contains) else { return nil }
        return String(chars[0..<4]) + "-" + String(chars[4..<8])
    }
}
