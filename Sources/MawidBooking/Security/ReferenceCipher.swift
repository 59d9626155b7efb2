/// Turns a booking's id into its reference and back: a keyed permutation of the 31⁸ references
/// (`BookingReference`), so each id has its own reference, different ids never share one, and without the
/// server's secret the references look random and say nothing of the order or number of bookings.
///
/// A Feistel network of 8 rounds on 40 bits, SipHash-2-4 as round function, with cycle walking to stay
/// below 31⁸ (about 1.3 rounds of the network per reference on average). Deriving the reference rather than
/// drawing it spares every new booking a unique index on `booking.reference` (one random page write).
struct ReferenceCipher: Sendable {
    static let size = UInt64(BookingReference.alphabet.count).power(8)
    private static let halfBits: UInt64 = 20
    private static let halfMask: UInt64 = 1 << halfBits - 1
    private static let rounds: UInt64 = 8

    private let round: SipHash

    /// The key comes from the server secret (`setting.messageSecret`), under a name of its own. That secret
    /// never changes (message links depend on it too): with another one, references would no longer lead
    /// back to their bookings.
    init(secret: [UInt8]) {
        let key = HMACSHA256.mac(key: secret, message: Array("mawid-booking-reference".utf8))
        func word(_ bytes: ArraySlice<UInt8>) -> UInt64 { bytes.reversed().reduce(0) { $0 << 8 | UInt64($1) } }
        round = SipHash(k0: word(key[0..<8]), k1: word(key[8..<16]))
    }

    /// The reference of booking `id` (1 ≤ id < 31⁸).
    func reference(for id: Int64) -> String {
        precondition(id > 0 && UInt64(id) < Self.size, "booking id out of the reference range")
        var value = encrypt(UInt64(id))
        while value >= Self.size { value = encrypt(value) }
        return BookingReference.text(value)
    }

    /// The id whose reference this is (canonical form, `BookingReference.normalized`), or nil.
    func id(for reference: String) -> Int64? {
        guard let value = BookingReference.value(reference) else { return nil }
        var id = decrypt(value)
        while id >= Self.size { id = decrypt(id) }
        return id > 0 ? Int64(id) : nil
    }

    private func f(_ round: UInt64, _ half: UInt64) -> UInt64 { self.round.hash(round << 32 | half) & Self.halfMask }

    private func encrypt(_ value: UInt64) -> UInt64 {
        var left = value >> Self.halfBits, right = value & Self.halfMask
        for i in 0..<Self.rounds { (left, right) = (right, left ^ f(i, right)) }
        return left << Self.halfBits | right
    }

    private func decrypt(_ value: UInt64) -> UInt64 {
        var left = value >> Self.halfBits, right = value & Self.halfMask
        for i in (0..<Self.rounds).reversed() { (left, right) = (right ^ f(i, left), left) }
        return left << Self.halfBits | right
    }
}

extension UInt64 {
    func power(_ exponent: Int) -> UInt64 { (0..<exponent).reduce(1) { result, _ in result * self } }
}
