import Foundation
import Testing
@testable import MawidBooking

@Suite struct SHA256Tests {
    @Test func fipsVectors() {
        #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    /// Lengths around the padding boundaries (55/56 bytes, one and two blocks), checked against another implementation.
    @Test func paddingBoundaries() {
        let expected = [
            55: "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318",
            56: "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a",
            63: "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34",
            64: "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb",
            65: "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0",
            119: "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb",
        ]
        for (length, digest) in expected {
            #expect(SHA256.hex(String(repeating: "a", count: length)) == digest, "length \(length)")
        }
        #expect(SHA256.hex("مواعيد é") == "d5ce2d04d4dccd4d0a71e2e33c59a7252db8cbdfa32bee0b1c80f38a417bed9a")
    }

    @Test func millionAs() {
        #expect(SHA256.hex(String(repeating: "a", count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
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

    @Test func hashIsHexSHA256OfTheToken() {
        let token = BookingToken.generate()
        #expect(BookingToken.hash(token) == SHA256.hex(token))
        #expect(BookingToken.hash(token).count == 64)
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
