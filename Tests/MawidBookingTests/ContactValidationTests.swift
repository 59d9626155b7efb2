import Testing
@testable import MawidBooking

@Suite struct ContactValidationTests {
    let valid: [String: String] = ["name": " Karim ", "email": "karim@example.dz", "message": "Bonjour,\r\nmerci."]

    func validate(_ changes: [String: String?]) -> FormResult<ContactMessage> {
        var fields = valid
        for (key, value) in changes { fields[key] = value }
        return ContactMessage.validate(fields, languages: ["fr", "ar"])
    }

    func error(_ changes: [String: String?]) -> String {
        (validate(changes).errors?.all ?? []).map { "\($0.field)/\($0.code.rawValue)" }.joined(separator: " ")
    }

    @Test func validMessage() throws {
        let message = try #require(validate(["phone": "021 45 67 89", "subject": " Horaires ", "lang": "ar"]).value)
        #expect(message.name == "Karim")
        #expect(message.email == "karim@example.dz")
        #expect(message.phone == "+21321456789")
        #expect(message.subject == "Horaires")
        #expect(message.message == "Bonjour,\nmerci.")
        #expect(message.language == "ar")
    }

    @Test func emailOrPhoneIsEnough() {
        #expect(validate(["email": nil, "phone": "0661 00 00 00"]).value?.phone == "+213661000000")
        #expect(validate(["email": "k@example.dz", "phone": nil]).value != nil)
        #expect(error(["email": nil]) == "email/email_or_phone_required")
        #expect(error(["email": "  ", "phone": " "]) == "email/email_or_phone_required")
    }

    @Test func fieldErrors() {
        #expect(error(["name": nil]) == "name/required")
        #expect(error(["message": " \n "]) == "message/required")
        #expect(error(["name": String(repeating: "a", count: 101)]) == "name/too_long")
        #expect(error(["subject": String(repeating: "a", count: 151)]) == "subject/too_long")
        #expect(error(["message": String(repeating: "a", count: 2001)]) == "message/too_long")
        #expect(validate(["message": String(repeating: "a", count: 2000)]).value != nil)
        #expect(error(["email": "nope"]) == "email/invalid_email")
        #expect(error(["phone": "12"]) == "phone/invalid_phone")
        #expect(error(["subject": "a\u{8}b"]) == "subject/invalid_characters")
        #expect(error(["name": nil, "message": nil, "email": "x"]) == "name/required email/invalid_email message/required")
    }

    @Test func honeypot() {
        #expect(validate(["website": "spam.example"]).isSpam)
        #expect(validate(["website": "spam.example", "message": nil]).isSpam)
    }
}
