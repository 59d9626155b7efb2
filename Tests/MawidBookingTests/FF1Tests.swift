import Crypto
import Foundation
import Testing
@testable import MawidBooking

/// FF1 against the NIST samples (SP 800-38G, "FF1samples.pdf": AES-128, -192 and -256; radix 10 and 36; with
/// and without tweak), both ways.
@Suite struct FF1Tests {
    static let key128 = "2B7E151628AED2A6ABF7158809CF4F3C"
    static let key192 = key128 + "EF4359D8D580AA4F"
    static let key256 = key192 + "7F036D6F04FC6A94"
    static let tenDigits = "0123456789"
    static let nineteen = "0123456789abcdefghi"

    @Test(arguments: [
        (key128, "", 10, tenDigits, "2433477484"),
        (key128, "39383736353433323130", 10, tenDigits, "6124200773"),
        (key128, "3737373770717273373737", 36, nineteen, "a9tv40mll9kdu509eum"),
        (key192, "", 10, tenDigits, "2830668132"),
        (key192, "39383736353433323130", 10, tenDigits, "2496655549"),
        (key192, "3737373770717273373737", 36, nineteen, "xbj3kv35jrawxv32ysr"),
        (key256, "", 10, tenDigits, "6657667009"),
        (key256, "39383736353433323130", 10, tenDigits, "1001623463"),
        (key256, "3737373770717273373737", 36, nineteen, "xs8a0azh2avyalyzuwd"),
    ])
    func nistSample(key: String, tweak: String, radix: Int, plain: String, cipher: String) {
        let ff1 = FF1(key: SymmetricKey(data: bytes(key)), radix: radix, length: plain.count, tweak: bytes(tweak))
        #expect(text(ff1.encrypt(digits(plain))) == cipher)
        #expect(text(ff1.decrypt(digits(cipher))) == plain)
    }

    /// A permutation: every 4-digit string in base 7 (2,401 of them) has its own image and comes back; the same
    /// on numbers.
    @Test func smallDomainIsAPermutation() {
        let ff1 = FF1(key: SymmetricKey(data: bytes(Self.key256)), radix: 7, length: 4)
        var images = Set<[Int]>()
        for value in 0..<2401 {
            let input = (0..<4).reversed().map { value / Int(pow(7.0, Double($0))) % 7 }
            let image = ff1.encrypt(input)
            images.insert(image)
            #expect(ff1.decrypt(image) == input)
            // The same permutation on the strings' numbers (NUM_radix).
            #expect(ff1.encrypt(UInt64(value)) == image.reduce(UInt64(0)) { $0 * 7 + UInt64($1) })
        }
        #expect(images.count == 2401)
    }

    func bytes(_ hex: String) -> [UInt8] {
        let chars = Array(hex)
        return stride(from: 0, to: chars.count, by: 2).map { UInt8(String(chars[$0...$0 + 1]), radix: 16)! }
    }

    func digits(_ text: String) -> [Int] { text.map { Int(String($0), radix: 36)! } }
    func text(_ digits: [Int]) -> String { digits.map { String($0, radix: 36) }.joined() }
}
