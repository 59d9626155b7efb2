/// HMAC-SHA256 (RFC 2104, FIPS 198-1) on top of `SHA256`: the message tokens' signature.
public enum HMACSHA256 {
    static let blockSize = 64

    /// The 32-byte MAC of `message` under `key`.
    public static func mac(key: some Sequence<UInt8>, message: some Sequence<UInt8>) -> [UInt8] {
        Key(Array(key)).mac(message)
    }

    /// A key with its two padded blocks hashed once: each MAC then hashes only the message and the inner
    /// digest (two compressions fewer).
    struct Key: Sendable {
        private let inner: SHA256.Context
        private let outer: SHA256.Context

        init(_ key: [UInt8]) {
            var key = key
            if key.count > blockSize { key = SHA256.hash(key) }
            key += [UInt8](repeating: 0, count: blockSize - key.count)
            var inner = SHA256.Context(), outer = SHA256.Context()
            inner.update(key.map { $0 ^ 0x36 })
            outer.update(key.map { $0 ^ 0x5c })
            self.inner = inner
            self.outer = outer
        }

        func mac(_ message: some Sequence<UInt8>) -> [UInt8] {
            var inner = inner, outer = outer
            inner.update(message)
            outer.update(inner.finish())
            return outer.finish()
        }
    }

    /// Compares two MACs in time that depends only on their length.
    public static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0
    }
}
