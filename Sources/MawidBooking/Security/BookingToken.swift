/// The secret a patient gets once, to see or cancel their booking. Only its SHA-256 is stored.
public enum BookingToken {
    /// 32 random bytes, base64url without padding (43 characters).
    public static func generate() -> String {
        // Four 64-bit draws: one system call each instead of one per byte.
        var rng = SystemRandomNumberGenerator()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        for _ in 0..<4 {
            let word = rng.next()
            for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
        }
        return base64URL(bytes)
    }

    /// The value stored in `booking.tokenHash`: lowercase hex SHA-256 of the token's UTF-8 text.
    public static func hash(_ token: String) -> String { SHA256.hex(token) }

    /// True for text shaped like a token from `generate()`.
    public static func isWellFormed(_ token: String) -> Bool {
        token.utf8.count == 43 && token.utf8.allSatisfy { alphabet.utf8.contains($0) }
    }

    static let alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

    /// RFC 4648 §5, no padding.
    static func base64URL(_ bytes: [UInt8]) -> String {
        let table = Array(alphabet.utf8)
        var out: [UInt8] = []
        for start in stride(from: 0, to: bytes.count, by: 3) {
            let chunk = bytes[start..<min(start + 3, bytes.count)]
            var value = 0
            for (i, byte) in chunk.enumerated() { value |= Int(byte) << (16 - 8 * i) }
            for i in 0...chunk.count { out.append(table[(value >> (18 - 6 * i)) & 63]) }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
