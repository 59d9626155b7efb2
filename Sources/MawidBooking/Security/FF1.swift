import Crypto
import CryptoExtras
import Foundation

/// FF1 format-preserving encryption (NIST SP 800-38G rev. 1, §6.2) on numeral strings of one length, with AES
/// from swift-crypto (`AES.permute`, the bare block function) as its cipher: a keyed permutation of the strings
/// of `length` digits in base `radix`. Mawid uses it to turn a booking's id into its reference
/// (`ReferenceCipher`).
///
/// The standard's arithmetic on big numbers is done on `UInt64` here: each half of the string (`radix^⌈n/2⌉`)
/// must stay below 2⁵⁶ (31⁴ for references; the NIST samples up to 36¹⁰ pass). The halves are kept as numbers
/// between rounds (NUM and STR are each other's inverse on them), and the first block of the PRF, which only
/// depends on the radix, the length and the tweak, is enciphered once. Checked against the NIST samples in
/// `FF1Tests`.
struct FF1: Sendable {
    private let key: SymmetricKey
    let radix: Int
    let length: Int
    private let tweak: [UInt8]
    /// u and v: the lengths of the two halves, and radix^u, radix^v.
    private let u: Int, v: Int
    private let modulusU: UInt64, modulusV: UInt64
    /// b and d of the standard: bytes of NUM(B) in Q, bytes of R kept.
    private let numberBytes: Int, keptBytes: Int
    /// Zero bytes between the tweak and the round number in Q.
    private let padding: Int
    /// CIPH(P), the chain after P's block.
    private let chainAfterP: [UInt8]

    /// - Parameters:
    ///   - key: an AES key of 16, 24 or 32 bytes.
    ///   - radix: 2…65536.
    ///   - length: digits in each string (at least 2).
    ///   - tweak: public bytes that change the permutation (may be empty).
    init(key: SymmetricKey, radix: Int, length: Int, tweak: [UInt8] = []) {
        precondition([128, 192, 256].contains(key.bitCount), "FF1 needs an AES key")
        precondition((2...65536).contains(radix) && length >= 2, "FF1 radix or length out of range")
        self.key = key
        self.radix = radix
        self.length = length
        self.tweak = tweak
        u = length / 2                                                        // step 1
        v = length - u
        precondition(Double(v) * log2(Double(radix)) < 56, "FF1 domain too large for this implementation")
        let power = { (exponent: Int) in (0..<exponent).reduce(UInt64(1)) { product, _ in product * UInt64(radix) } }
        modulusU = power(u)
        modulusV = power(v)
        numberBytes = (64 - (modulusV - 1).leadingZeroBitCount + 7) / 8       // step 3: ⌈⌈v·log2(radix)⌉ / 8⌉
        keptBytes = 4 * ((numberBytes + 3) / 4) + 4                           // step 4
        precondition(keptBytes <= 16, "FF1 output longer than one block")
        padding = ((-tweak.count - numberBytes - 1) % 16 + 16) % 16
        var p: [UInt8] = [1, 2, 1]                                            // step 5
        p += Self.bigEndian(UInt64(radix), count: 3) + [10, UInt8(u % 256)]
        p += Self.bigEndian(UInt64(length), count: 4) + Self.bigEndian(UInt64(tweak.count), count: 4)
        Self.cipher(&p, key: key)
        chainAfterP = p
    }

    /// The encryption of `digits` (`length` of them, each in 0..<radix).
    func encrypt(_ digits: [Int]) -> [Int] { crypt(digits, forward: true) }

    /// `encrypt` reversed.
    func decrypt(_ digits: [Int]) -> [Int] { crypt(digits, forward: false) }

    /// The encryption of the string whose NUM_radix is `value` (< radix^length, which must fit in 64 bits).
    func encrypt(_ value: UInt64) -> UInt64 { crypt(value, forward: true) }

    /// `encrypt(_: UInt64)` reversed.
    func decrypt(_ value: UInt64) -> UInt64 { crypt(value, forward: false) }

    private func crypt(_ digits: [Int], forward: Bool) -> [Int] {
        precondition(digits.count == length && digits.allSatisfy { (0..<radix).contains($0) }, "FF1 input is not a numeral string")
        let (a, b) = rounds(number(digits[..<u]), number(digits[u...]), forward: forward)   // step 2
        return self.digits(a, count: u) + self.digits(b, count: v)                              // step 7
    }

    private func crypt(_ value: UInt64, forward: Bool) -> UInt64 {
        let (a, b) = rounds(value / modulusV, value % modulusV, forward: forward)
        return a * modulusV + b
    }

    /// Step 6 of algorithms 7 (FF1.Encrypt) and 8 (FF1.Decrypt) on the halves as numbers: NUM_radix(A) and
    /// NUM_radix(B).
    private func rounds(_ a: UInt64, _ b: UInt64, forward: Bool) -> (UInt64, UInt64) {
        var a = a, b = b
        for step in 0..<10 {
            let i = forward ? step : 9 - step
            let modulus = i % 2 == 0 ? modulusU : modulusV                    // 6.v: radix^m
            let y = prf(round: i, number: forward ? b : a, modulus: modulus)  // 6.i–iv, mod radix^m
            if forward {
                (a, b) = (b, (a + y) % modulus)                               // 6.vi–ix
            } else {
                (b, a) = (a, (b + modulus - y) % modulus)
            }
        }
        return (a, b)
    }

    /// NUM(S) mod `modulus`, where S is the first d bytes of PRF(P || Q) and Q = tweak || 0…0 || [i] || [number]^b:
    /// the CBC-MAC of Q's blocks from CIPH(P), in a buffer on the stack.
    private func prf(round i: Int, number: UInt64, modulus: UInt64) -> UInt64 {
        let qCount = tweak.count + padding + 1 + numberBytes
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: qCount + 16) { buffer in
            let q = UnsafeMutableBufferPointer(rebasing: buffer[0..<qCount])
            var chain = UnsafeMutableBufferPointer(rebasing: buffer[qCount...])
            for (index, byte) in tweak.enumerated() { q[index] = byte }
            for index in tweak.count..<(tweak.count + padding) { q[index] = 0 }
            q[tweak.count + padding] = UInt8(i)
            for index in 0..<numberBytes {
                q[qCount - 1 - index] = UInt8(truncatingIfNeeded: number >> UInt64(8 * index))
            }
            for index in 0..<16 { chain[index] = chainAfterP[index] }
            for start in stride(from: 0, to: qCount, by: 16) {
                for index in 0..<16 { chain[index] ^= q[start + index] }
                Self.cipher(&chain, key: key)
            }
            var y: UInt64 = 0
            for index in 0..<keptBytes { y = (y << 8 | UInt64(chain[index])) % modulus }
            return y
        }
    }

    /// AES on one 16-byte block, in place.
    private static func cipher<Block: MutableCollection<UInt8>>(_ block: inout Block, key: SymmetricKey) {
        do { try AES.permute(&block, key: key) } catch { preconditionFailure("AES block of \(block.count) bytes") }
    }

    /// NUM_radix: digits read most significant first.
    private func number(_ digits: ArraySlice<Int>) -> UInt64 { digits.reduce(0) { $0 * UInt64(radix) + UInt64($1) } }

    /// STR^m_radix: `value` as `count` digits, most significant first.
    private func digits(_ value: UInt64, count: Int) -> [Int] {
        var out = [Int](repeating: 0, count: count), rest = value
        for index in (0..<count).reversed() {
            out[index] = Int(rest % UInt64(radix))
            rest /= UInt64(radix)
        }
        return out
    }

    private static func bigEndian(_ value: UInt64, count: Int) -> [UInt8] {
        (0..<count).reversed().map { UInt8(truncatingIfNeeded: value >> UInt64($0 * 8)) }
    }
}
