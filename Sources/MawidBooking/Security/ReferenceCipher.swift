import Crypto
import Foundation

/// Turns a booking's id into its reference and back: a keyed permutation of the 31⁸ references
/// (`BookingReference`), so each id has its own reference, different ids never share one, and without the
/// server's secret the references look random and say nothing of the order or number of bookings.
///
/// FF1 (NIST SP 800-38G, `FF1`) on the reference's 8 base-31 digits, with AES-128 from swift-crypto under a key
/// derived from the server secret by HKDF-SHA256 (AES-128 is ample for references that must be unguessable, and
/// its shorter key schedule counts: FF1 runs it ten times per reference). Deriving the reference rather than drawing it spares every new
/// booking a unique index on `booking.reference` (one random page write). References given before migration v8
/// (a home-made SipHash Feistel network, and before v7 random ones) are found through `legacyBookingKey`.
struct ReferenceCipher: Sendable {
    static let size = UInt64(BookingReference.alphabet.count).power(8)
    private let ff1: FF1

    /// The key comes from the server secret (`setting.messageSecret`), under a name of its own. That secret
    /// never changes (message links depend on it too): with another one, references would no longer lead
    /// back to their bookings.
    init(secret: [UInt8]) {
        let key = HKDF<SHA256>.deriveKey(inputKeyMaterial: SymmetricKey(data: secret),
                                         info: Data("mawid-booking-reference-ff1".utf8), outputByteCount: 16)
        ff1 = FF1(key: key, radix: BookingReference.alphabet.count, length: 8)
    }

    /// The reference of booking `id` (1 ≤ id < 31⁸).
    func reference(for id: Int64) -> String {
        precondition(id > 0 && UInt64(id) < Self.size, "booking id out of the reference range")
        return BookingReference.text(ff1.encrypt(UInt64(id)))
    }

    /// The id whose reference this is (canonical form, `BookingReference.normalized`), or nil.
    func id(for reference: String) -> Int64? {
        guard let value = BookingReference.value(reference) else { return nil }
        let id = ff1.decrypt(value)
        return id > 0 ? Int64(id) : nil
    }
}

extension UInt64 {
    func power(_ exponent: Int) -> UInt64 { (0..<exponent).reduce(1) { result, _ in result * self } }
}
