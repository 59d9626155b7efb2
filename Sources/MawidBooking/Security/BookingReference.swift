/// A short booking reference to read over the phone, like `K7M4-XQ2P`: 8 characters of `alphabet`, the digits
/// of a number below 31⁸ (`ReferenceCipher` derives it from the booking's id).
public enum BookingReference {
    /// Digits and capitals without the look-alikes 0/O, 1/I/L.
    public static let alphabet = Array("23456789ABCDEFGHJKMNPQRSTUVWXYZ")

    /// 8 random characters as `XXXX-XXXX` (the decoy answer given to bots; real bookings derive theirs).
    public static func generate() -> String {
        let random = SecureRandom.bytes(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return text(random % ReferenceCipher.size)
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

    /// The number of a reference in any typed form (`normalized`; `text` reversed), or nil.
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
