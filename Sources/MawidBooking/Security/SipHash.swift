/// SipHash-2-4 (Aumasson and Bernstein): a keyed hash of one 64-bit word, fast enough to run several times
/// per booking. `ReferenceCipher` uses it as the round function of its permutation.
struct SipHash {
    let k0: UInt64
    let k1: UInt64

    /// The hash of `word` taken as 8 little-endian bytes (the reference paper's byte order).
    func hash(_ word: UInt64) -> UInt64 {
        var v0: UInt64 = 0x736f_6d65_7073_6575 ^ k0
        var v1: UInt64 = 0x646f_7261_6e64_6f6d ^ k1
        var v2: UInt64 = 0x6c79_6765_6e65_7261 ^ k0
        var v3: UInt64 = 0x7465_6462_7974_6573 ^ k1
        func round() {
            v0 &+= v1; v1 = v1.rotatedLeft(13); v1 ^= v0; v0 = v0.rotatedLeft(32)
            v2 &+= v3; v3 = v3.rotatedLeft(16); v3 ^= v2
            v0 &+= v3; v3 = v3.rotatedLeft(21); v3 ^= v0
            v2 &+= v1; v1 = v1.rotatedLeft(17); v1 ^= v2; v2 = v2.rotatedLeft(32)
        }
        func compress(_ block: UInt64) {
            v3 ^= block
            round(); round()
            v0 ^= block
        }
        compress(word)
        compress(UInt64(8) << 56)  // no bytes left over; the message length in the top byte
        v2 ^= 0xff
        round(); round(); round(); round()
        return v0 ^ v1 ^ v2 ^ v3
    }
}

extension UInt64 {
    func rotatedLeft(_ bits: UInt64) -> UInt64 { self << bits | self >> (64 - bits) }
}
