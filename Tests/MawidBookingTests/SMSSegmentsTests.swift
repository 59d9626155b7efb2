import Foundation
import Testing
@testable import MawidBooking

/// SMS part counting: GSM-7 (160 / 153, extension characters count twice) and UCS-2 (70 / 67).
@Suite struct SMSSegmentsTests {
    @Test func gsm7Limits() {
        #expect(SMSSegments.count("") == 0)
        #expect(SMSSegments.count("a") == 1)
        #expect(SMSSegments.count(String(repeating: "a", count: 160)) == 1)
        #expect(SMSSegments.count(String(repeating: "a", count: 161)) == 2)
        #expect(SMSSegments.count(String(repeating: "a", count: 306)) == 2)
        #expect(SMSSegments.count(String(repeating: "a", count: 307)) == 3)
        #expect(SMSSegments.count("Rendez-vous confirmé à 09:30 : Dr Benali, Hydra. é è à ù @ £ $ _") == 1)
    }

    @Test func extensionCharactersTakeTwoSeptetsAndAreNotSplit() {
        #expect(SMSSegments.isGSM7("{[€]}"))
        #expect(SMSSegments.count(String(repeating: "€", count: 80)) == 1)
        #expect(SMSSegments.count(String(repeating: "€", count: 81)) == 2)
        // 152 septets then an escape pair: the pair goes whole to the second part.
        #expect(SMSSegments.count(String(repeating: "a", count: 152) + "€" + String(repeating: "a", count: 151)) == 2)
        #expect(SMSSegments.count(String(repeating: "a", count: 152) + "€" + String(repeating: "a", count: 152)) == 3)
    }

    @Test func anyOtherCharacterMakesItUCS2() {
        #expect(!SMSSegments.isGSM7("reçu"))   // ç is not GSM-7 (Ç is)
        #expect(!SMSSegments.isGSM7("être"))
        #expect(SMSSegments.count(String(repeating: "a", count: 69) + "ê") == 1)
        #expect(SMSSegments.count(String(repeating: "a", count: 70) + "ê") == 2)
        let arabic = String(repeating: "م", count: 70)
        #expect(SMSSegments.count(arabic) == 1)
        #expect(SMSSegments.count(arabic + "م") == 2)
        #expect(SMSSegments.count(String(repeating: "م", count: 134)) == 2)
        #expect(SMSSegments.count(String(repeating: "م", count: 135)) == 3)
        // An emoji is a surrogate pair: two units, never split across parts.
        #expect(SMSSegments.count(String(repeating: "😀", count: 35)) == 1)
        #expect(SMSSegments.count(String(repeating: "a", count: 66) + "😀" + String(repeating: "a", count: 66)) == 3)
    }

    @Test func lookAlikesKeepLatinTextInGSM7() {
        #expect(GSM7.preferGSM7("Demande reçue, fenêtre « ouverte » — à bientôt…") == "Demande recue, fenetre \" ouverte \" - à bientot...")
        #expect(GSM7.preferGSM7("Décomposé: e\u{301}") == "Décomposé: é")
        // Arabic stays UCS-2, untouched.
        #expect(GSM7.preferGSM7("موعد reçu") == "موعد reçu")
    }
}
