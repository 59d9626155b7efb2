import Testing
@testable import MawidSite

@Suite struct FormatTests {
    @Test(arguments: [
        ("0550 12 34 56", "+213550123456"), ("021 45 67 89", "+21321456789"), ("+213 550 12 34 56", "+213550123456"),
        ("00213 21 45 67 89", "+21321456789"), ("+213 (0) 661 22 33 44", "+213661223344"), ("+33 6 12 34 56 78", "+33612345678"),
        ("07.71.22.33.44", "+213771223344"),
    ])
    func acceptedPhones(_ input: String, _ expected: String) {
        #expect(PhoneNumber.normalized(input) == expected)
    }

    @Test(arguments: ["12-34", "0550 12 34", "055012345678", "phone", "+1", "0150 12 34 56", "0550 12 34 56 ext"])
    func rejectedPhones(_ input: String) {
        #expect(PhoneNumber.normalized(input) == nil)
    }

    @Test func emails() {
        #expect(EmailAddress.isValid("a.b@example.dz"))
        #expect(!EmailAddress.isValid("a.example.dz"))
        #expect(!EmailAddress.isValid("a@dz"))
        #expect(!EmailAddress.isValid("a b@example.dz"))
    }

    @Test func slugs() {
        #expect(Slug.make("Tizi Ouzou") == "tizi-ouzou")
        #expect(Slug.make("Béjaïa") == "bejaia")
        #expect(Slug.make("Sidi Bel Abbès") == "sidi-bel-abbes")
        #expect(Slug.make("Aïn Témouchent") == "ain-temouchent")
    }

    @Test func datesAndWeekdays() {
        #expect(LocalDate("2026-11-26")?.weekday == .thu)
        #expect(LocalDate("2026-11-29")?.weekday == .sun)
        #expect(LocalDate("2024-02-29") != nil)
        #expect(LocalDate("2026-02-29") == nil)
        let date = LocalDate("2026-12-31")!
        #expect(date.adding(days: 1).description == "2027-01-01")
        #expect(LocalDate(dayNumber: date.dayNumber) == date)
    }

    @Test func clockTimes() {
        #expect(ClockTime("08:30")?.minutes == 510)
        #expect(ClockTime("24:00")?.minutes == 1440)
        #expect(ClockTime("24:30") == nil)
        #expect(ClockTime("8h30") == nil)
    }

    @Test func jsonIsSafeInsideScriptTags() {
        #expect(JSON.string("</script><b>&").text == "\"\\u003c/script\\u003e\\u003cb\\u003e\\u0026\"")
    }

    @Test func jsonEscapesOnlyWhatItMust() {
        #expect(JSON.string("Dr Amina Benali — طب الأطفال").text == "\"Dr Amina Benali — طب الأطفال\"")
        #expect(JSON.string("a\"b\\c\nd\u{1}e\u{2028}f").text == "\"a\\\"b\\\\c\\nd\\u0001e\\u2028f\"")
    }

    @Test func markdownDropsRawHTML() {
        let html = Markdown.html("Hello <script>alert(1)</script> **bold**")
        #expect(!html.contains("<script>"))
        #expect(html.contains("<strong>bold</strong>"))
    }
}
