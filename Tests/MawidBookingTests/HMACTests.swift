import Foundation
import MawidStorage
import MawidTestSupport
import Testing
@testable import MawidBooking

/// The message tokens (HMAC-SHA256 from swift-crypto).
@Suite struct HMACTests {
    /// Links sent before the move to swift-crypto keep working: the same tokens, computed elsewhere (Python's
    /// hmac and hashlib: HMAC-SHA256 of "mawid-booking:42" under 32 bytes of 7, first 16 bytes, base64url).
    @Test func messageTokensAreTheSameAsBefore() {
        let secret = [UInt8](repeating: 7, count: 32)
        #expect(MessageToken.make(bookingID: 42, secret: secret) == "Kg.OYrEZP1NjBnMJvm_wjDxJw")
        #expect(MessageToken.make(bookingID: 70_000, secret: secret) == "ARFw.6dNN5mjYZ8Rwb4_mg0qkMw")
        #expect(MessageToken.bookingID(in: "ARFw.6dNN5mjYZ8Rwb4_mg0qkMw", secret: secret) == 70_000)
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
        let store = BookingStore(database: try TestDatabases.fresh())
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
        let elsewhere = BookingStore(database: try TestDatabases.fresh())
        _ = try await elsewhere.create(makeRequest(slot("2025-03-19", "09:00")), now: now)
        #expect(try await elsewhere.booking(token: token) == nil)
    }
}
