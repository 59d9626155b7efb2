import Foundation
import Testing
@testable import MawidBooking

/// A patient link's secret is stored as the hex SHA-256 of its text: the links given so far depend on it.
@Suite struct TokenHashTests {
    @Test func fipsVectors() {
        #expect(BookingToken.hash("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(BookingToken.hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(BookingToken.hash("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(BookingToken.hash("مواعيد é") == "d5ce2d04d4dccd4d0a71e2e33c59a7252db8cbdfa32bee0b1c80f38a417bed9a")
    }
}

@Suite struct TokenTests {
    @Test func base64URLVectors() {
        let vectors = ["": "", "f": "Zg", "fo": "Zm8", "foo": "Zm9v", "foob": "Zm9vYg", "fooba": "Zm9vYmE", "foobar": "Zm9vYmFy"]
        for (text, encoded) in vectors { #expect(BookingToken.base64URL(Array(text.utf8)) == encoded) }
        #expect(BookingToken.base64URL([0xfb, 0xff, 0xbf]) == "-_-_")
    }

    @Test func tokensAreLongRandomAndURLSafe() {
        let tokens = (0..<1000).map { _ in BookingToken.generate() }
        #expect(Set(tokens).count == 1000)
        for token in tokens { #expect(BookingToken.isWellFormed(token)) }
        #expect(!BookingToken.isWellFormed("short"))
        #expect(!BookingToken.isWellFormed(String(repeating: "+", count: 43)))
    }

    @Test func hashIsLowercaseHex() {
        let hash = BookingToken.hash(BookingToken.generate())
        #expect(hash.count == 64 && hash.allSatisfy { "0123456789abcdef".contains($0) })
    }
}

@Suite struct ReferenceTests {
    @Test func formatAndAlphabet() {
        for _ in 0..<1000 {
            let reference = BookingReference.generate()
            #expect(reference.count == 9)
            #expect(Array(reference)[4] == "-")
            #expect(reference.replacingOccurrences(of: "-", with: "").allSatisfy(BookingReference.alphabet.contains))
            #expect(!reference.contains { "0O1IL".contains($0) })
        }
        #expect(BookingReference.alphabet.count == 31)
    }

    @Test func normalizesWhatPeopleType() {
        #expect(BookingReference.normalized("k7m4 xq2p") == "K7M4-XQ2P")
        #expect(BookingReference.normalized("K7M4XQ2P") == "K7M4-XQ2P")
        #expect(BookingReference.normalized("K7M0-XQ2P") == nil)
        #expect(BookingReference.normalized("K7M4-XQ2") == nil)
    }
}

@Suite struct ReferenceCipherTests {
    @Test func referencesAreDistinctReadableAndReversible() {
        let cipher = ReferenceCipher(secret: Array("a server secret of some length".utf8))
        let ids: [Int64] = Array(1...5000) + [123_456_789, Int64(ReferenceCipher.size) - 1]
        var seen = Set<String>()
        for id in ids {
            let reference = cipher.reference(for: id)
            #expect(BookingReference.normalized(reference) == reference)
            #expect(cipher.id(for: reference) == id)
            seen.insert(reference)
        }
        #expect(seen.count == ids.count)
        // Consecutive ids do not give look-alike references: no shared prefix beyond chance.
        let prefixes = Set((1...100).map { cipher.reference(for: Int64($0)).prefix(3) })
        #expect(prefixes.count > 90)
    }

    @Test func anotherSecretGivesOtherReferences() {
        let one = ReferenceCipher(secret: Array("one secret".utf8)), two = ReferenceCipher(secret: Array("two secret".utf8))
        let differing = (1...100).filter { one.reference(for: Int64($0)) != two.reference(for: Int64($0)) }
        #expect(differing.count >= 99)
        #expect(one.id(for: "ZZZZ-ZZZZ") != nil)  // every reference is some id's, under any key
    }

    @Test func referenceNumbersRoundTrip() {
        #expect(BookingReference.text(0) == "2222-2222")
        #expect(BookingReference.text(ReferenceCipher.size - 1) == "ZZZZ-ZZZZ")
        for value: UInt64 in [0, 1, 30, 31, 987_654_321, ReferenceCipher.size - 1] {
            #expect(BookingReference.value(BookingReference.text(value)) == value)
        }
        #expect(BookingReference.value("K7M0-XQ2P") == nil)
    }

    @Test func patientTokensCarryTheirId() {
        let secret = BookingToken.generate()
        for id: Int64 in [1, 255, 256, 1 << 40] {
            let token = PatientToken.make(id: id, secret: secret)
            #expect(PatientToken.parse(token)?.id == id)
            #expect(PatientToken.parse(token)?.secret == secret)
            #expect(MessageToken.unverifiedID(token) == nil)  // never mistaken for a message link
        }
        #expect(PatientToken.parse(secret) == nil)
        #expect(PatientToken.parse("AQ." + String(secret.dropLast())) == nil)
        #expect(PatientToken.parse("AAE." + secret) == nil)  // a leading zero byte: not how ids are written
    }
}
