import Foundation
import Testing
@testable import MawidSite

/// Every kind of content mistake is reported with its file, line, field and a suggestion.
@Suite struct ValidationTests {
    let fixture = Fixture()

    /// The single error for the doctor file after writing it with `text`.
    func doctorError(_ text: String) -> ContentError? {
        fixture.write("doctors/amina-benali.md", text)
        let errors = fixture.errors().filter { $0.path.hasSuffix("doctors/amina-benali.md") }
        #expect(errors.count == 1, "expected one error, got \(errors)")
        return errors.first
    }

    func replacing(_ old: String, with new: String) -> String {
        let text = Fixture.doctor()
        #expect(text.contains(old))
        return text.replacingOccurrences(of: old, with: new)
    }

    @Test func validContentHasNoErrors() throws {
        #expect(fixture.errors().isEmpty)
        let content = try fixture.load()
        #expect(content.doctors.count == 2)
        #expect(content.specialties.count == 2)
        #expect(content.pages.count == 1)
    }

    @Test func frontMatterKeepsLineNumbers() throws {
        let file = try SourceFile.parse(text: Fixture.doctor(), path: "x.md")
        #expect(file.fields["name"]?.line == 2)
        #expect(file.fields["phone"]?.line == 7)
        #expect(file.fields["hours"]?.line == 13)
        #expect(file.bodyLine == 19)
        #expect(file.body.contains("Diplômée"))
    }

    @Test func unknownKeySuggestsTheRightOne() {
        let error = doctorError(Fixture.doctor(extra: "specialite: cardiologie"))
        #expect(error?.line == 17)
        #expect(error?.field == "specialite")
        #expect(error?.message == "unknown field")
        #expect(error?.suggestion?.contains("did you mean \"specialty\"?") == true)
        #expect(error?.description.hasSuffix("doctors/amina-benali.md:17: specialite: unknown field (did you mean \"specialty\"?)") == true)
    }

    @Test func unknownSpecialtySuggestsAFile() {
        let error = doctorError(Fixture.doctor(specialty: "cardiolgie"))
        #expect(error?.line == 3)
        #expect(error?.field == "specialty")
        #expect(error?.message.contains("cardiolgie") == true)
        #expect(error?.suggestion?.contains("\"cardiologie\"") == true)
    }

    @Test func missingRequiredField() {
        let error = doctorError(replacing("phone: \"0550 12 34 56\"\n", with: ""))
        #expect(error?.field == "phone")
        #expect(error?.message == "required field is missing")
        #expect(error?.suggestion?.contains("phone:") == true)
    }

    @Test func malformedPhone() {
        let error = doctorError(replacing("\"0550 12 34 56\"", with: "\"12-34\""))
        #expect(error?.line == 7)
        #expect(error?.field == "phone")
        #expect(error?.suggestion?.contains("0550 12 34 56") == true)
    }

    @Test func malformedEmail() {
        let error = doctorError(replacing("amina@example.dz", with: "amina.example.dz"))
        #expect(error?.line == 8)
        #expect(error?.field == "email")
    }

    @Test func experienceMustBeANumber() {
        let error = doctorError(replacing("experience: 12", with: "experience: douze"))
        #expect(error?.line == 10)
        #expect(error?.message == "expected a whole number")
    }

    @Test func slotOutOfRange() {
        let error = doctorError(replacing("slot: 20", with: "slot: 2"))
        #expect(error?.line == 12)
        #expect(error?.suggestion?.contains("5 to 240") == true)
    }

    @Test func unknownDayInHours() {
        let error = doctorError(replacing("  tue: [\"08:30-12:00\"]", with: "  tues: [\"08:30-12:00\"]"))
        #expect(error?.line == 15)
        #expect(error?.field == "hours")
        #expect(error?.suggestion?.contains("did you mean \"tue\"?") == true)
    }

    @Test func malformedHourRange() {
        let error = doctorError(replacing("[\"08:30-12:00\"]", with: "[\"8h30 à midi\"]"))
        #expect(error?.line == 15)
        #expect(error?.suggestion?.contains("HH:MM-HH:MM") == true)
    }

    @Test func reversedHourRange() {
        let error = doctorError(replacing("[\"08:30-12:00\"]", with: "[\"12:00-08:30\"]"))
        #expect(error?.line == 15)
        #expect(error?.message.contains("ends before it starts") == true)
    }

    @Test func overlappingHourRanges() {
        let error = doctorError(replacing("[\"08:30-12:00\", \"13:30-16:00\"]", with: "[\"08:30-12:00\", \"11:30-16:00\"]"))
        #expect(error?.line == 14)
        #expect(error?.message.contains("overlaps") == true)
    }

    @Test func malformedHoliday() {
        let error = doctorError(replacing("\"2026-12-24\"", with: "\"24/12/2026\""))
        #expect(error?.line == 16)
        #expect(error?.field == "holidays")
        #expect(error?.suggestion?.contains("YYYY-MM-DD") == true)
    }

    @Test func reversedHolidayRange() {
        let error = doctorError(replacing("2027-01-01..2027-01-05", with: "2027-01-05..2027-01-01"))
        #expect(error?.line == 16)
        #expect(error?.message.contains("ends before it starts") == true)
    }

    @Test func missingPhoto() {
        let error = doctorError(Fixture.doctor(extra: "photo: photos/nobody.jpg"))
        #expect(error?.line == 17)
        #expect(error?.field == "photo")
        #expect(error?.message.contains("not found") == true)
    }

    @Test func draftMustBeBoolean() {
        let error = doctorError(Fixture.doctor(extra: "draft: peut-être"))
        #expect(error?.line == 17)
        #expect(error?.message == "expected true or false")
    }

    @Test func specialtyAndSpecialtiesTogether() {
        let error = doctorError(Fixture.doctor(extra: "specialties: [pediatrie]"))
        #expect(error?.field == "specialties")
        #expect(error?.message.contains("both") == true)
    }

    @Test func yamlSyntaxErrorPointsAtTheLine() {
        let error = doctorError(replacing("city: \"Bab Ezzouar\"", with: "city: \"Bab Ezzouar"))
        #expect(error?.field == "front matter")
        #expect(error?.message.contains("YAML syntax error") == true)
        #expect((error?.line ?? 0) >= 5)
    }

    @Test func aFileSavedWithWindowsLineEndingsIsRead() throws {
        fixture.write("doctors/amina-benali.md", Fixture.doctor().replacingOccurrences(of: "\n", with: "\r\n"))
        #expect(fixture.errors().isEmpty)
        #expect(try fixture.load().doctor("amina-benali") != nil)
    }

    @Test func fileWithoutFrontMatter() {
        let error = doctorError("Just a biography.\n")
        #expect(error?.line == 1)
        #expect(error?.suggestion?.contains("---") == true)
    }

    @Test func aTranslationCannotHaveItsOwnHours() {
        fixture.write("doctors/amina-benali.ar.md", "---\nname: د. أمينة\nhours:\n  sun: [\"09:00-10:00\"]\n---\n")
        let errors = fixture.errors()
        #expect(errors.map(\.description) == [
            fixture.content + "/doctors/amina-benali.ar.md:3: hours: cannot be translated (set it in doctors/amina-benali.md only: bookings follow that file in every language)",
        ])
    }

    @Test func translationErrorsPointAtTheTranslationFile() {
        fixture.write("doctors/amina-benali.ar.md", "---\nname: د. أمينة\nfees: 3000\n---\n")
        let errors = fixture.errors()
        #expect(errors.count == 1)
        #expect(errors.first?.path.hasSuffix("doctors/amina-benali.ar.md") == true)
        #expect(errors.first?.line == 3)
        #expect(errors.first?.suggestion?.contains("\"fee\"") == true)
    }

    @Test func translationForAnUnknownLanguage() {
        fixture.write("doctors/amina-benali.de.md", "---\nname: Dr Amina\n---\n")
        let errors = fixture.errors()
        #expect(errors.count == 1)
        #expect(errors.first?.message.contains("not one of the site's languages") == true)
    }

    @Test func translationWithoutBaseFile() {
        fixture.write("doctors/nobody.ar.md", "---\nname: د. لا أحد\n---\n")
        let errors = fixture.errors()
        #expect(errors.count == 1)
        #expect(errors.first?.message.contains("does not exist") == true)
    }

    @Test func invalidFileName() {
        fixture.write("doctors/Amina Benali.md", Fixture.doctor())
        let errors = fixture.errors()
        #expect(errors.count == 1)
        #expect(errors.first?.suggestion?.contains("amina-benali.md") == true)
    }

    @Test func reservedPageSlug() {
        fixture.write("pages/doctors.md", "---\ntitle: Médecins\n---\n")
        #expect(fixture.errors().first?.message.contains("used by the site itself") == true)
    }

    @Test func siteConfigErrors() {
        fixture.write("site.yml", "title: T\nbaseURL: mawid.dz\nlanguages: [fr]\ntimezone: Africa/Alger\nendpoints: /api\n")
        let errors = fixture.errors()
        #expect(errors.map(\.field).sorted() == ["baseURL", "endpoints", "timezone"])
        #expect(errors.first { $0.field == "endpoints" }?.line == 5)
        #expect(errors.first { $0.field == "endpoints" }?.suggestion?.contains("\"endpoint\"") == true)
        #expect(errors.first { $0.field == "timezone" }?.line == 4)
    }

    @Test func allErrorsAreReportedAtOnce() {
        fixture.write("doctors/amina-benali.md", Fixture.doctor(specialty: "cardio", extra: "fees: 1"))
        fixture.write("specialties/orl.md", "---\ntitel: ORL\n---\n")
        let errors = fixture.errors()
        #expect(errors.count == 4)  // cardio, fees, titel, missing title
        #expect(Set(errors.map { ($0.path as NSString).lastPathComponent }) == ["amina-benali.md", "orl.md"])
    }
}
