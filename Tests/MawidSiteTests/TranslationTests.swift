import Testing
@testable import MawidSite

@Suite struct TranslationTests {
    let fixture = Fixture()

    @Test func translationOverridesFieldsAndBody() throws {
        let content = try fixture.load()
        let amina = try #require(content.doctor("amina-benali"))
        #expect(amina["fr"].name == "Dr Amina Benali")
        #expect(amina["ar"].name == "د. أمينة بن علي")
        #expect(amina["ar"].bioHTML.contains("طبيبة قلب"))
        // Fields the translation does not set come from the default language.
        #expect(amina["ar"].phone == "0550 12 34 56")
        #expect(amina["ar"].slot == 20)
        #expect(amina.translated == ["fr", "ar"])
    }

    @Test func missingTranslationFallsBackToDefaultLanguage() throws {
        let content = try fixture.load()
        let amina = try #require(content.doctor("amina-benali"))
        #expect(amina["en"].name == "Dr Amina Benali")
        #expect(amina["en"].bioHTML.contains("Diplômée"))
    }

    @Test func translationWithoutBodyKeepsTheDefaultBody() throws {
        fixture.write("doctors/amina-benali.en.md", "---\nname: Dr Amina Benali (EN)\n---\n")
        let content = try fixture.load()
        let amina = try #require(content.doctor("amina-benali"))
        #expect(amina["en"].name == "Dr Amina Benali (EN)")
        #expect(amina["en"].bioHTML.contains("Diplômée"))
    }

    @Test func siteSettingsCanBeTranslated() throws {
        fixture.write("site.ar.yml", "title: عيادة الاختبار\n")
        let content = try fixture.load()
        #expect(content.site["ar"].title == "عيادة الاختبار")
        #expect(content.site["en"].title == "Test Clinic")
        #expect(content.site["ar"].baseURL == "https://test.example.dz")
    }
}

@Suite struct SiteContactTranslationTests {
    @Test func translatedAddressKeepsPhoneAndEmail() throws {
        let fixture = Fixture()
        fixture.write("site.ar.yml", "contact:\n  address: \"1 شارع الاختبار، الجزائر\"\n")
        let content = try fixture.load()
        #expect(content.site["ar"].contact.address == "1 شارع الاختبار، الجزائر")
        #expect(content.site["ar"].contact.phone == "+213 21 23 45 67")
        #expect(content.site["ar"].contact.email == "contact@test.example.dz")
    }
}
