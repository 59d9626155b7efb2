import Foundation
import MawidSite
import Testing
@testable import MawidBooking

/// Form validation of bookings. "Now" is Tuesday 2025-03-18 10:00 in Algiers.
@Suite struct BookingValidationTests {
    let calendar = SlotCalendar(timeZone: algiers, now: instant("2025-03-18T09:00:00Z"))
    let doctors = [
        "amina-haddad": makeDoctor(holidays: [("2025-03-25", "2025-03-26")]),
        "hidden": makeDoctor(slug: "hidden", draft: true),
    ]
    let valid: [String: String] = [
        "doctor": "amina-haddad", "date": "2025-03-19", "time": "09:30", "name": "  Karim Benali ",
        "phone": "0550 12 34 56", "consent": "on",
    ]

    func validate(_ changes: [String: String?]) -> FormResult<BookingRequest> {
        var fields = valid
        for (key, value) in changes { fields[key] = value }
        return BookingRequest.validate(fields, doctors: doctors, calendar: calendar, languages: ["fr", "ar", "en"])
    }

    /// The errors of a form with `changes`, as `field/code` joined by spaces.
    func error(_ changes: [String: String?]) -> String {
        (validate(changes).errors?.all ?? []).map { "\($0.field)/\($0.code.rawValue)" }.joined(separator: " ")
    }

    @Test func validFormIsTrimmedAndNormalized() throws {
        let request = try #require(validate(["email": " ", "reason": "  Douleur\r\nau dos\t ", "lang": "ar"]).value)
        #expect(request.doctor == "amina-haddad")
        #expect(request.slot == slot("2025-03-19", "09:30"))
        #expect(request.patientName == "Karim Benali")
        #expect(request.phone == "+213550123456")
        #expect(request.email == nil)
        #expect(request.forWhom == .myself)
        #expect(request.relativeName == nil)
        #expect(request.reason == "Douleur\nau dos")
        #expect(request.language == "ar")
    }

    @Test func languageFallsBackToTheSiteDefault() {
        #expect(validate([:]).value?.language == "fr")
        #expect(validate(["lang": "de"]).value?.language == "fr")
        #expect(validate(["lang": "EN"]).value?.language == "en")
    }

    @Test func internationalPhoneAndEmail() {
        let request = validate(["phone": "+33 6 12 34 56 78", "email": " patient@example.dz "]).value
        #expect(request?.phone == "+33612345678")
        #expect(request?.email == "patient@example.dz")
    }

    @Test(arguments: ["doctor", "date", "time", "name", "phone"])
    func requiredFields(field: String) {
        #expect(error([field: nil]) == "\(field)/required")
        #expect(error([field: "   "]) == "\(field)/required")
    }

    @Test func tooLong() {
        #expect(validate(["name": String(repeating: "é", count: 100)]).value != nil)
        #expect(error(["name": String(repeating: "é", count: 101)]) == "name/too_long")
        #expect(error(["phone": String(repeating: "5", count: 31)]) == "phone/too_long")
        #expect(error(["email": String(repeating: "a", count: 245) + "@example.dz"]) == "email/too_long")
        #expect(error(["reason": String(repeating: "x", count: 501)]) == "reason/too_long")
        #expect(validate(["reason": String(repeating: "x", count: 500)]).value != nil)
        #expect(error(["for": "relative", "relative_name": String(repeating: "a", count: 101),
                       "relative_birthdate": "2015-06-01"]) == "relative_name/too_long")
    }

    @Test func controlCharacters() {
        #expect(error(["name": "Karim\u{7}"]) == "name/invalid_characters")
        #expect(error(["name": "Karim\nBenali"]) == "name/invalid_characters")
        #expect(error(["reason": "ok\u{0}"]) == "reason/invalid_characters")
        #expect(error(["reason": "ok\u{1B}[31m"]) == "reason/invalid_characters")
        #expect(validate(["reason": "line one\n\tline two", "name": "كريم بن علي"]).value != nil)
        // C1 controls too (U+0085 inside a value, U+009B the CSI of terminals).
        #expect(error(["name": "Karim\u{85}Benali"]) == "name/invalid_characters")
        #expect(error(["reason": "ok\u{9B}31m"]) == "reason/invalid_characters")
    }

    @Test func spacesAroundValuesAreTrimmed() {
        // Non-breaking and ideographic spaces, as phones' keyboards and copy-paste bring them.
        let request = validate(["name": "\u{A0} Karim Benali\u{3000}\n", "reason": "\r\nFièvre\r\ndepuis hier\r\n",
                                "consent": " on ", "for": " self "]).value
        #expect(request?.patientName == "Karim Benali")
        #expect(request?.reason == "Fièvre\ndepuis hier")
        #expect(request?.forWhom == .myself)
        #expect(error(["name": " \u{A0}\u{2003} "]) == "name/required")
    }

    @Test(arguments: ["2025-02-30", "19/03/2025", "2025-3-19", "tomorrow", "2025-+3-19", "2025031-19", "٢٠٢٥-٠٣-١٩"])
    func invalidDates(text: String) {
        #expect(error(["date": text]) == "date/invalid_date")
    }

    @Test(arguments: ["9:30", "25:00", "24:00", "09h30", "09:3", "+9:30", "0930:"])
    func invalidTimes(text: String) {
        #expect(error(["time": text]) == "time/invalid_time")
    }

    @Test func invalidPhoneAndEmail() {
        #expect(error(["phone": "12345"]) == "phone/invalid_phone")
        #expect(error(["phone": "0550 12 34 5x"]) == "phone/invalid_phone")
        #expect(error(["email": "karim.example.dz"]) == "email/invalid_email")
    }

    @Test func unknownAndDraftDoctors() {
        #expect(error(["doctor": "nobody"]) == "doctor/unknown_doctor")
        #expect(error(["doctor": "hidden"]) == "doctor/unknown_doctor")
    }

    @Test func slotProblems() {
        #expect(error(["time": "09:15"]) == "time/not_on_schedule")
        #expect(error(["date": "2025-03-21"]) == "time/not_on_schedule")  // a Friday
        #expect(error(["date": "2025-03-26"]) == "date/holiday")
        #expect(error(["date": "2025-03-17"]) == "date/past")
        #expect(error(["date": "2025-03-18", "time": "10:00"]) == "time/past")
        #expect(error(["date": "2025-03-18", "time": "10:30"]) == "")
        #expect(error(["date": "2025-06-17"]) == "date/too_far")
    }

    @Test func consent() {
        #expect(error(["consent": nil]) == "consent/consent_required")
        #expect(error(["consent": "no"]) == "consent/consent_required")
        for value in ["on", "yes", "true", "1", " TRUE "] { #expect(validate(["consent": value]).value != nil) }
    }

    @Test func relative() throws {
        let base: [String: String?] = ["for": "relative", "relative_name": " Yasmine ", "relative_birthdate": "2015-06-01"]
        let request = try #require(validate(base).value)
        #expect(request.forWhom == .relative)
        #expect(request.relativeName == "Yasmine")
        #expect(request.relativeBirthdate == day("2015-06-01"))

        #expect(error(base.merging(["relative_name": nil]) { $1 }) == "relative_name/required")
        #expect(error(base.merging(["relative_birthdate": nil]) { $1 }) == "relative_birthdate/required")
        for bad in ["2030-01-01", "2025-03-18", "01/06/2015", "1850-01-01"] {
            #expect(error(base.merging(["relative_birthdate": bad]) { $1 }) == "relative_birthdate/invalid_birthdate")
        }
        // Relative fields are ignored when booking for oneself.
        #expect(validate(["for": "self", "relative_birthdate": "bad"]).value?.relativeBirthdate == nil)
        #expect(error(["for": "friend"]) == "for/invalid_choice")
    }

    @Test func errorsComeInFormOrderWithMessages() throws {
        let errors = try #require(validate(["doctor": "nobody", "time": "9h", "phone": "1", "consent": nil]).errors)
        #expect(errors.all.map(\.field) == ["doctor", "time", "phone", "consent"])
        #expect(errors["phone"]?.code == .invalidPhone)
        for error in errors.all {
            #expect(error.message.count > 20 && error.message.hasSuffix("."))
        }
    }

    @Test func honeypotIsSpamWhateverElse() {
        #expect(validate(["website": "http://spam.example"]).isSpam)
        #expect(validate(["website": "x", "name": nil, "consent": nil]).isSpam)
        #expect(!validate(["website": "  "]).isSpam)
    }

    /// Every code the booking and contact forms can produce is exercised somewhere in these tests.
    @Test func everyCodeIsReachable() {
        let bookingCases: [[String: String?]] = [
            ["name": nil], ["name": String(repeating: "a", count: 101)], ["name": "a\u{7}"], ["for": "x"],
            ["date": "x"], ["time": "x"], ["phone": "1"], ["email": "x"], ["doctor": "x"], ["time": "09:15"],
            ["date": "2025-03-25"], ["date": "2025-03-17"], ["date": "2025-09-01"], ["consent": nil],
            ["for": "relative", "relative_name": "Y", "relative_birthdate": "2099-01-01"],
        ]
        var codes = Set(bookingCases.flatMap { validate($0).errors?.all.map(\.code) ?? [] })
        codes.formUnion(ContactMessage.validate(["name": "K", "message": "Hi"], languages: ["fr"]).errors?.all.map(\.code) ?? [])
        #expect(codes == Set(FieldErrorCode.allCases))
    }
}
