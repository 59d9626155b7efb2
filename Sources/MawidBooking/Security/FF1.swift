import Crypto
import CryptoExtras

/// FF1 format-preserving encryption (NIST SP 800-38G rev. 1, §6.2) on short numeral strings, with AES from
/// swift-crypto (`AES.permute`, the bare block function) as its cipher: a keyed permutation of the strings of
/// `n` digits in base `radix`. Mawid uses it to turn a booking's id into its reference (`ReferenceCipher`).
///
/// The standard's arithmetic on big numbers is done on `UInt64` here, which bounds the domain: each half of
/// the string (`radix^⌈n/2⌉`) must stay below 2⁵⁶ (31⁴ for references; the NIST samples up to 36¹⁰ pass).
/// Checked against the NIST samples in `FF1Tests`.
struct FF1: Sendable {
    private let key: SymmetricKey
    let radix: Int
    private let tweak: [UInt8]

    /// - Parameters:
    ///   - key: an AES key of 16, 24 or 32 bytes.
    ///   - radix: 2…65536.
    ///   - tweak: public bytes that change the permutation (may be empty).
    init(key: SymmetricKey, radix: Int, tweak: [UInt8] = []) {
        precondition([128, 192, 256].contains(key.bitCount), "FF1 needs an AES key")
        precondition((2...65536).contains(radix), "FF1 radix out of range")
        self.key = key
        self.radix = radix
        self.tweak = tweak
    }

    /// The encryption of `digits` (each in 0..<radix).
    func encrypt(_ digits: [Int]) -> [Int] { crypt(digits, forward: true) }

    /// `encrypt` reversed.
    func decrypt(_ digits: [Int]) -> [Int] { crypt(digits, forward: false) }

    /// Algorithms 7 (FF1.Encrypt) and 8 (FF1.Decrypt), step numbers in the comments.
    private func crypt(_ x: [Int], forward: Bool) -> [Int] {
        let n = x.count
        precondition(n >= 2 && x.allSatisfy { (0..<radix).contains($0) }, "FF1 input is not a numeral string")
        let u = n / 2, v = n - u                                           // 1
        var a = Array(x[..<u]), b = Array(x[u...])                         // 2
        precondition(power(v) < 1 << 56, "FF1 domain too large for this implementation")
        let byteCount = (bitLength(power(v) - 1) + 7) / 8                  // 3: ⌈⌈v·log2(radix)⌉ / 8⌉
        let d = 4 * ((byteCount + 3) / 4) + 4                              // 4
        precondition(d <= 16, "FF1 output longer than one block")
        let p: [UInt8] = [1, 2, 1] + bigEndian(UInt64(radix), count: 3)    // 5
            + [10, UInt8(u % 256)] + bigEndian(UInt64(n), count: 4) + bigEndian(UInt64(tweak.count), count: 4)
        let padding = ((-tweak.count - byteCount - 1) % 16 + 16) % 16
        let encryptedP = cipher(p)
        for i in forward ? Array(0..<10) : Array((0..<10).reversed()) {   // 6
            let m = i % 2 == 0 ? u : v                                     // 6.v
            let q = tweak + [UInt8](repeating: 0, count: padding) + [UInt8(i)]
                + bigEndian(number(forward ? b : a), count: byteCount)     // 6.i
            let r = cbcMAC(after: encryptedP, q)                           // 6.ii: PRF(P || Q)
            let modulus = power(m)
            let y = r.prefix(d).reduce(UInt64(0)) { ($0 << 8 | UInt64($1)) % modulus }  // 6.iii–iv, mod radix^m
            if forward {
                let c = (number(a) + y) % modulus                          // 6.vi
                (a, b) = (b, digits(c, count: m))                          // 6.vii–ix
            } else {
                let c = (number(b) + modulus - y) % modulus
                (b, a) = (a, digits(c, count: m))
            }
        }
        return a + b                                                       // 7
    }

    /// CBC-MAC of P || Q given CIPH(P): each 16-byte block of Q xored into the chain and enciphered.
    private func cbcMAC(after chain: [UInt8], _ q: [UInt8]) -> [UInt8] {
        var chain = chain
        for start in stride(from: 0, to: q.count, by: 16) {
            for j in 0..<16 { chain[j] ^= q[start + j] }
            chain = cipher(chain)
        }
        return chain
    }

    /// AES on one 16-byte block.
    private func cipher(_ block: [UInt8]) -> [UInt8] {
        var block = block
        do { try AES.permute(&block, key: key) } catch { preconditionFailure("AES block of \(block.count) bytes") }
        return block
    }

    /// NUM_radix: digits read most significant first.
    private func number(_ digits: [Int]) -> UInt64 { digits.reduce(0) { $0 * UInt64(radix) + UInt64($1) } }

    /// STR^m_radix: `value` as `count` digits, most significant first.
    private func digits(_ value: UInt64, count: Int) -> [Int] {
        var out = [Int](repeating: 0, count: count), rest = value
        for index in (0..<count).reversed() {
            out[index] = Int(rest % UInt64(radix))
            rest /= UInt64(radix)
        }
        return out
    }

    private func power(_ exponent: Int) -> UInt64 { (0..<exponent).reduce(1) { result, _ in result * UInt64(radix) } }

    private func bitLength(_ value: UInt64) -> Int { 64 - value.leadingZeroBitCount }

    private func bigEndian(_ value: UInt64, count: Int) -> [UInt8] {
        (0..<count).reversed().map { UInt8(truncatingIfNeeded: value >> UInt64($0 * 8)) }
    }
}
