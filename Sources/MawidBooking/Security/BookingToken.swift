import Crypto

/// The secret a patient gets once, to see or cancel their booking. Only its SHA-256 is stored.
public enum BookingToken {
    /// 32 random bytes, base64url without padding (43 characters).
    public static func generate() -> String {
        base64URL(SecureRandom.bytes(32))
    }

    /// The value stored in `booking.tokenHash`: lowercase hex SHA-256 of the token's UTF-8 text.
    public static func hash(_ token: String) -> String { Hex.string(SHA256.hash(data: Array(token.utf8))) }

    /// True for text shaped like a token from `generate()`.
    public static func isWellFormed(_ token: String) -> Bool {
        token.utf8.count == 43 && token.utf8.allSatisfy { alphabet.utf8.contains($0) }
    }

    static let alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

    /// RFC 4648 §5, no padding.
    static func base64URL(_ bytes: [UInt8]) -> String {
        String(unsafeUninitializedCapacity: (bytes.count * 4 + 2) / 3) { out in
            var n = 0
            var start = 0
            while start < bytes.count {
                let count = min(3, bytes.count - start)
                var value = 0
                for i in 0..<count { value |= Int(bytes[start + i]) << (16 - 8 * i) }
                for i in 0...count {
                    out[n] = table[(value >> (18 - 6 * i)) & 63]
                    n += 1
                }
                start += 3
            }
            return n
        }
    }

    private static let table = Array(alphabet.utf8)
}
