import Foundation
import Testing
@testable import MawidBooking

/// HMAC-SHA256 against RFC 4231, and the message tokens built on it.
@Suite struct HMACTests {
    func hex(_ bytes: [UInt8]) -> String { bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined() }

    @Test(arguments: [
        ([UInt8](repeating: 0x0b, count: 20), Array("Hi There".utf8),
         "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        (Array("Jefe".utf8), Array("what do ya want for nothing?".utf8),
         "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        ([UInt8](repeating: 0xaa, count: 20), [UInt8](repeating: 0xdd, count: 50),
         "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        (Array(1...25), [UInt8](repeating: 0xcd, count: 50),
         "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
        ([UInt8](repeating: 0xaa, count: 131), Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
         "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        ([UInt8](repeating: 0xaa, count: 131), Array(("This is a test using a larger than block-size key and a larger "
            + "than block-size data. The key needs to be hashed before being used by the HMAC algorithm.").utf8),
         "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
    ] as [([UInt8], [UInt8], String)])
    func rfc4231(key: [UInt8], data: [UInt8], expected: String) {
        #expect(hex(HMACSHA256.mac(key: key, message: data)) == expected)
    }

    @Test func rfc4231TruncatedCase() {
        let mac = HMACSHA256.mac(key: [UInt8](repeating: 0x0c, count: 20), message: Array("Test With Truncation".utf8))
        #expect(hex(Array(mac.prefix(16))) == "a3b6167473100ee06e0c796c2955552b")
    }

    @Test func messageTokensRoundTripAndRefuseTampering() {
        let secret = [UInt8](repeating: 7, count: 32)
        for id: Int64 in [1, 255, 256, 70_000, Int64.max] {
            let token = MessageToken.make(bookingID: id, secret: secret)
            #expect(MessageToken.bookingID(in: token, secret: secret) == id)
            #expect(MessageToken.bookingID(in: token, secret: [UInt8](repeating: 8, count: 32)) == nil)
            #expect(!token.contains("/") && !token.contains("+") && !token.contains("="))
        }
        let token = MessageToken.make(bookingID: 42, secret: secret)
        #expect(token.count <= 27, "short enough for an SMS: \(token)")
        let parts = token.split(separator: ".")
        // Another id with the MAC of 42; a changed MAC; leading zero byte; garbage.
        #expect(MessageToken.bookingID(in: BookingToken.base64URL([43]) + "." + parts[1], secret: secret) == nil)
        var mac = Array(parts[1])
        mac[3] = mac[3] == "A" ? "B" : "A"
        #expect(MessageToken.bookingID(in: parts[0] + "." + String(mac), secret: secret) == nil)
        #expect(MessageToken.bookingID(in: BookingToken.base64URL([0, 42]) + "." + parts[1], secret: secret) == nil)
        for bad in ["", ".", "Kg.", "Kg", "Kg.\(parts[1]).x", "K$.\(parts[1])", String(parts[1])] {
            #expect(MessageToken.bookingID(in: bad, secret: secret) == nil)
        }
    }

    @Test func bookingAcceptsMessageTokensAndRefusesTamperedOnes() async throws {
        let store = BookingStore(database: try AppDatabase.inMemory())
        let now = instant("2025-03-18T06:00:00Z")
        let created = try await store.create(makeRequest(slot("2025-03-19", "09:00")), now: now)
        let other = try await store.create(makeRequest(slot("2025-03-19", "09:30")), now: now)
        let token = try await store.messageToken(bookingID: created.id)
        #expect(try await store.booking(token: token)?.reference == created.reference)
        #expect(try await store.booking(token: created.token)?.reference == created.reference)

        let mac = token.split(separator: ".")[1]
        #expect(try await store.booking(token: BookingToken.base64URL([UInt8(other.id)]) + "." + mac) == nil)
        #expect(try await store.booking(token: String(token.dropLast()) + (token.hasSuffix("A") ? "B" : "A")) == nil)
        // Another database has another secret.
        let elsewhere = BookingStore(database: try AppDatabase.inMemory())
        _ = try await elsewhere.create(makeRequest(slot("2025-03-19", "09:00")), now: now)
        #expect(try await elsewhere.booking(token: token) == nil)
    }
}
