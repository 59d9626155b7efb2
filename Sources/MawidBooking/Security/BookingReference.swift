/// A short booking reference to read over the phone, like `K7M4-XQ2P`.
public enum BookingReference {
    /// Digits and capitals without the look-alikes 0/O, 1/I/L.
    public static let alphabet = Array("23456789ABCDEFGHJKMNPQRSTUVWXYZ")

    /// 8 random characters as `XXXX-XXXX`.
    public static func generate() -> String {
        // One 64-bit draw holds the 8 characters (31^8 < 2^40): one system call.
        var system = SystemRandomNumberGenerator()
        var rng = OneDraw(system.next())
        return generate(using: &rng)
    }

    /// Serves several small random numbers from one 64-bit system draw (by multiply-shift).
    struct OneDraw: RandomNumberGenerator {
        var state: UInt64
        init(_ seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            // SplitMix64 steps from the random seed: uniform enough for picking characters.
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    public static func generate(using rng: inout some RandomNumberGenerator) -> String {
        let chars = (0..<8).map { _ in alphabet.randomElement(using: &rng)! }
        return String(chars[0..<4]) + "-" + String(chars[4..<8])
    }

    /// The reference numbered `value` (0 ≤ value < 31⁸): its base-31 digits, most significant first.
    static func text(_ value: UInt64) -> String {
        var chars = [Character](repeating: alphabet[0], count: 8)
        var rest = value
        for i in (0..<8).reversed() {
            chars[i] = alphabet[Int(rest % UInt64(alphabet.count))]
            rest /= UInt64(alphabet.count)
        }
        return String(chars[0..<4]) + "-" + String(chars[4..<8])
    }

    /// The number of a reference in canonical form (`text` reversed), or nil.
    static func value(_ reference: String) -> UInt64? {
        guard let canonical = normalized(reference) else { return nil }
        var value: UInt64 = 0
        for char in canonical where char != "-" {
            guard let digit = alphabet.firstIndex(of: char) else { return nil }
            value = value * UInt64(alphabet.count) + UInt64(digit)
        }
        return value
    }

    /// A reference as typed by a person (any case, spaces, with or without the dash) in canonical form, or nil.
    public static func normalized(_ text: String) -> String? {
        let chars = Array(text.uppercased().filter { $0 != "-" && $0 != " " })
        guard chars.count == 8, chars.allSatisfy(alphabet.contains) else { return nil }
        return String(chars[0..<4]) + "-" + String(chars[4..<8])
    }
}
