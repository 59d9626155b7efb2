import Foundation
import MawidSite
import Testing
@testable import MawidBooking

/// The shipped texts of Templates/messages: complete, in the right language, SMS within 2 parts.
@Suite struct MessageTemplateTests {
    let renderer: MessageRenderer

    init() throws { renderer = MessageRenderer(templates: try loadTemplates()) }

    /// The longest realistic values: a long Arabic or French name, an 80-character link, long dates.
    func longValues(_ lang: String) -> [String: String] {
        let link = "https://rdv.cliniques-du-centre-alger.example.dz/api/b/AbC.0123456789abcdefghijkl"  // 81
        let dates = renderer.dates(day("2025-09-17"), language: lang)
        return [
            "site": "Mawid — Médecins d'Algérie", "reference": "K7M4-XQ2P", "time": "14:30", "expires": "16:45",
            "doctor": lang == "ar" ? "د. عبد الرحمن بن عبد القادر بوزيد" : "Dr Marie-Christine Benabdelkader-Ould Larbi",
            "address": lang == "ar" ? "12 شارع العربي بن مهيدي، باب الزوار" : "12 boulevard Mohamed Belouizdad, Bab Ezzouar",
            "date": dates.long, "shortDate": dates.short, "previousDate": dates.long, "previousShortDate": dates.short,
            "previousTime": "08:15", "currentDate": dates.long, "currentShortDate": dates.short, "currentTime": "11:45",
            "link": link, "icsLink": link + "/visit.ics",
            "note": "Le docteur est absent ce jour-là.", "count": "3", "lines": "- a\n- b", "code": "123456", "minutes": "10",
        ]
    }

    @Test func everyLanguageHasEveryKind() throws {
        let templates = try loadTemplates()
        for lang in ["fr", "ar", "en"] {
            for kind in MessageKind.allCases {
                let template = try #require(templates.languages[lang]?.templates[kind], "\(lang) \(kind)")
                #expect((template.sms == nil) == (kind == .digest))
            }
        }
    }

    @Test(arguments: ["fr", "ar", "en"])
    func everySMSFitsInTwoPartsWithLongValues(lang: String) throws {
        for kind in MessageKind.allCases where kind.hasSMS {
            var values = longValues(lang)
            if kind == .offer { values["link"]! += "?offer=1234" }
            let sms = try #require(renderer.render(kind, language: lang, values: values).sms)
            #expect(SMSSegments.count(sms) <= 2, "\(lang) \(kind): \(SMSSegments.count(sms)) parts")
            #expect(sms.contains(values["link"]!), "\(lang) \(kind): the link must stay whole")
            #expect(!sms.contains("{{"), "\(lang) \(kind)")
            if lang == "ar" { #expect(!SMSSegments.isGSM7(sms)) }
        }
    }

    @Test(arguments: ["fr", "ar", "en"])
    func typicalSMSKeepTheWholeDoctorName(lang: String) throws {
        for kind in MessageKind.allCases where kind.hasSMS {
            var values = longValues(lang)
            values["doctor"] = lang == "ar" ? "د. أمينة بن علي" : "Dr Amina Benali"
            values["link"] = "https://mawid.example.dz/api/b/Kg.0123456789abcdefghijkl" + (kind == .offer ? "?offer=12" : "")
            let sms = try #require(renderer.render(kind, language: lang, values: values).sms)
            let template = try #require(renderer.templates.languages[lang]?.templates[kind]?.sms)
            if template.contains("{{doctor}}") { #expect(sms.contains(values["doctor"]!), "\(lang) \(kind): \(sms)") }
        }
    }

    @Test func frenchSMSUseGSMLookAlikes() throws {
        let sms = try #require(renderer.render(.received, language: "fr", values: longValues("fr")).sms)
        #expect(SMSSegments.isGSM7(sms))
        #expect(sms.hasPrefix("Demande K7M4-XQ2P recue : "))
    }

    @Test func textsAreInTheBookingsLanguage() {
        let values = longValues("fr").merging(["doctor": "Dr Amina Haddad"]) { $1 }
        #expect(renderer.render(.confirmed, language: "fr", values: values).subject.hasPrefix("Rendez-vous confirmé le mercredi 17 septembre 2025"))
        #expect(renderer.render(.confirmed, language: "en", values: longValues("en")).subject == "Appointment confirmed on Wednesday 17 September 2025 at 14:30")
        #expect(renderer.render(.confirmed, language: "ar", values: longValues("ar")).subject == "تأكيد موعدك يوم الأربعاء 17 سبتمبر 2025 على الساعة 14:30")
        // A language without texts falls back to the default one.
        let kabyle = renderer.render(.reminder, language: "kab", values: values)
        #expect(kabyle.language == "fr" && kabyle.subject.hasPrefix("Rappel"))
    }

    @Test func shortDates() {
        #expect(renderer.dates(day("2025-03-02"), language: "fr").short == "dim. 02/03")
        #expect(renderer.dates(day("2025-03-02"), language: "en").short == "Sun 02/03")
        #expect(renderer.dates(day("2025-03-02"), language: "ar") == ("الأحد 2 مارس 2025", "02/03"))
    }

    @Test func aMissingReasonLeavesOutItsLine() {
        var values = longValues("fr")
        #expect(renderer.render(.cancelled, language: "fr", values: values).body.contains("Message du cabinet : Le docteur est absent"))
        values["note"] = ""
        let body = renderer.render(.cancelled, language: "fr", values: values).body
        #expect(!body.contains("Message du cabinet"))
        #expect(body.contains("Le cabinet a annulé votre rendez-vous"))
    }

    @Test func valuesAreNotReadAsTemplates() {
        #expect(MessageRenderer.fill("a {{x}} b {{ y }} {{unclosed", ["x": "{{y}}", "y": "Y"]) == "a {{y}} b Y {{unclosed")
    }

    @Test func loadingReportsUnknownPlaceholdersAndMissingKinds() throws {
        let folder = TempFolder()
        defer { folder.cleanup() }
        try FileManager.default.createDirectory(at: folder.url, withIntermediateDirectories: true)
        var text = try String(contentsOfFile: messagesDirectory + "/fr.yml", encoding: .utf8)
        text = text.replacingOccurrences(of: "Demande {{reference}} reçue", with: "Demande {{reason}} {{note}} reçue")
        text = text.replacingOccurrences(of: "\ndigest:", with: "\ndigests:")
        try text.write(toFile: folder.path("fr.yml"), atomically: true, encoding: .utf8)
        let strings = try loadStrings()
        do {
            _ = try MessageTemplates.load(directory: folder.url.path, languages: ["fr", "en"], strings: strings)
            Issue.record("expected errors")
        } catch {
            let description = error.description
            // The error names the line of `sms:` under `received:`, not the line of `received:`.
            let smsLine = try #require(text.split(separator: "\n", omittingEmptySubsequences: false)
                .firstIndex { $0.contains("{{reason}}") }) + 1
            #expect(description.contains("fr.yml:\(smsLine): received.sms: unknown placeholder {{reason}}"))
            #expect(description.contains("fr.yml:\(smsLine): received.sms: unknown placeholder {{note}}"))
            #expect(description.contains("digest: missing"))
            #expect(description.contains("message texts for \"en\" not found"))
        }
    }

    /// Every error points at its own line: the part (`received.subject`), the key of the dates, a YAML mistake.
    @Test func errorsNameTheirLine() {
        func errors(_ text: String) -> [String] {
            do {
                _ = try MessageTemplates.parse(text, path: "x.yml", days: DayNames(long: [:], short: [:]))
                return []
            } catch {
                return error.errors.map(\.description)
            }
        }
        let found = errors("""
            # comment
            date: "{{weekday}} {{day}}"
            # the day names are the site's (Templates/i18n)
            months: [janvier, février]
            received:
              sms: "Demande {{reference}} : {{link}}"
              subject: "Demande {{reference}}"
              body: |
                Bonjour,

                {{reason}} et {{doctor}}
            confirmed:
              sms: "{{note}}"
            """)
        #expect(found.contains("x.yml:8: received.body: unknown placeholder {{reason}} (known here: "
                               + MessageKind.received.placeholders.sorted().joined(separator: ", ") + ")"))
        #expect(found.contains { $0.hasPrefix("x.yml:13: confirmed.sms: unknown placeholder {{note}}") })
        #expect(found.contains("x.yml:12: confirmed: missing subject"))
        #expect(found.contains("x.yml:4: months: expected the 12 month names, January first"))
        #expect(found.contains("x.yml:1: proposed: missing: give its sms, subject and body"))
        #expect(errors("received:\n  sms: ok\n subject: bad indentation\n").first?.hasPrefix("x.yml:3: ") == true)
    }

    /// Messages name the days as the site does; a day the UI strings leave out is an error naming their file.
    @Test func dayNamesComeFromTheSiteStrings() throws {
        let templates = try loadTemplates()
        let strings = try loadStrings()
        for lang in ["fr", "ar", "en"] {
            let words = templates.language(lang).texts.dates
            #expect(words.weekdays[.wed] == strings(lang).nested("days", "wed"))
            #expect(words.weekdaysShort[.sat] == strings(lang).nested("days_short", "sat"))
        }
        do {
            _ = try DayNames(Strings(table: ["days": ["sun": "dim"]]), path: "i18n/fr.yml")
            Issue.record("expected errors")
        } catch {
            let found = error.errors.map(\.description)
            #expect(found.contains { $0.hasPrefix("i18n/fr.yml:1: days: missing mon") })
            #expect(found.contains { $0.hasPrefix("i18n/fr.yml:1: days_short: missing sun") })
            #expect(!found.contains { $0.hasPrefix("i18n/fr.yml:1: days: missing sun") })
        }
    }
}
