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
    static func text(_ value: UInt64) -> String { text(digits: digits(value)) }

    /// The reference of 8 digits (each 0..<31).
    static func text(digits: [Int]) -> String {
        let chars = digits.map { alphabet[$0] }
        return String(chars[0..<4]) + "-" + String(chars[4..<8])
    }

    /// `value` as 8 base-31 digits, most significant first.
    static func digits(_ value: UInt64) -> [Int] {
        var digits = [Int](repeating: 0, count: 8), rest = value
        for i in (0..<8).reversed() {
            digits[i] = Int(rest % UInt64(alphabet.count))
            rest /= UInt64(alphabet.count)
        }
        return digits
    }

    /// The 8 digits of a reference in any typed form (`normalized`), or nil.
    static func digits(_ reference: String) -> [Int]? {
        guard let canonical = normalized(reference) else { return nil }
        return canonical.compactMap { alphabet.firstIndex(of: $0) }
    }

    /// The number of 8 digits (`digits` reversed).
    static func value(digits: [Int]) -> UInt64 { digits.reduce(0) { $0 * UInt64(alphabet.count) + UInt64($1) } }

    /// The number of a reference in canonical form (`text` reversed), or nil.
    static func value(_ reference: String) -> UInt64? { digits(reference).map { value(digits: $0) } }

    /// A reference as typed by a person (any case, spaces, with or without the dash) in canonical form, or nil.
    public static func normalized(_ text: String) -> String? {
        let chars = Array(text.uppercased().filter { $0 != "-" && $0 != " " })
        guard chars.count == 8, chars.allSatisfy(alphabet.contains) else { return nil }
        return String(chars[0..<4]) + "-" + String(chars[4..<8])
    }
}
