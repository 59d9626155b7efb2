/// HMAC-SHA256 (RFC 2104, FIPS 198-1) on top of `SHA256`: the message tokens' signature.
public enum HMACSHA256 {
    static let blockSize = 64

    /// The 32-byte MAC of `message` under `key`.
    public static func mac(key: some Sequence<UInt8>, message: some Sequence<UInt8>) -> [UInt8] {
        var key = Array(key)
        if key.count > blockSize { key = SHA256.hash(key) }
        key += [UInt8](repeating: 0, count: blockSize - key.count)
        let inner = SHA256.hash(key.map { $0 ^ 0x36 } + Array(message))
        return SHA256.hash(key.map { $0 ^ 0x5c } + inner)
    }

    /// Compares two MACs in time that depends only on their length.
    public static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0
    }
}
