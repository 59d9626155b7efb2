import Foundation
import Testing
@testable import MawidSite

/// The built site: every page kind, its key content, escaping, RTL, feeds, determinism and atomic output.
@Suite struct BuildTests {
    let fixture = Fixture()

    @Test func everyPageKindIsWritten() throws {
        let report = try fixture.build()
        #expect(report.doctors == 2)
        for lang in ["fr", "ar", "en"] {
            for path in [Paths.home(lang), Paths.doctors(lang), Paths.doctor(lang, "amina-benali"),
                         Paths.doctor(lang, "karim-haddad"), Paths.specialty(lang, "cardiologie"),
                         Paths.specialty(lang, "pediatrie"), Paths.wilaya(lang, "alger"), Paths.wilaya(lang, "oran"),
                         Paths.contact(lang), Paths.page(lang, "about"), Paths.notFound(lang)] {
                let html = try #require(fixture.page(path), "missing \(path)")
                #expect(html.hasPrefix("<!DOCTYPE html>"), "\(path)")
                #expect(html.contains("<html lang=\"\(lang)\""), "\(path)")
            }
        }
        for file in ["/index.html", "/404.html", "/sitemap.xml", "/robots.txt", "/fr/search.json", "/ar/search.json"] {
            #expect(fixture.page(file) != nil, "missing \(file)")
        }
    }

    @Test func homeListsSpecialtiesAndWilayasWithCounts() throws {
        try fixture.build()
        let home = try #require(fixture.page("/fr/"))
        #expect(home.contains("Cardiologie"))
        #expect(home.contains("/fr/specialties/cardiologie/"))
        #expect(home.contains("/fr/wilayas/oran/"))
        #expect(home.contains("name=\"q\""))
        let arabic = try #require(fixture.page("/ar/"))
        #expect(arabic.contains("أمراض القلب"))
        #expect(arabic.contains("وهران"))  // wilaya name from i18n
    }

    @Test func listingsShowTheirDoctors() throws {
        try fixture.build()
        let cardio = try #require(fixture.page("/fr/specialties/cardiologie/"))
        #expect(cardio.contains("Dr Amina Benali"))
        #expect(!cardio.contains("Dr Karim Haddad"))
        #expect(cardio.contains("Le cœur"))
        let oran = try #require(fixture.page("/fr/wilayas/oran/"))
        #expect(oran.contains("Dr Karim Haddad"))
        #expect(oran.contains("Bir El Djir"))
        #expect(!oran.contains("Dr Amina Benali"))
        let all = try #require(fixture.page("/fr/doctors/"))
        #expect(all.contains("Dr Amina Benali") && all.contains("Dr Karim Haddad"))
    }

    @Test func doctorPageShowsEverythingAndTheBookingForm() throws {
        try fixture.build()
        let html = try #require(fixture.page("/fr/doctors/amina-benali/"))
        for text in ["Dr Amina Benali", "Cardiologie", "Bab Ezzouar", "12 rue Didouche Mourad", "tel:+213550123456",
                     "amina@example.dz", "2 500 DA", "08:30", "16:00", "Diplômée", "openstreetmap.org",
                     "\"@type\":\"Physician\"", "application/ld+json", "2026"] {
            #expect(html.contains(text), "doctor page lacks \(text)")
        }
        #expect(html.contains("action=\"/api/bookings\""))
        #expect(html.contains("/api/doctors/amina-benali/slots"))
        for field in ["doctor", "date", "time", "name", "phone", "email", "for", "relative_name", "relative_birthdate",
                      "reason", "consent", "website"] {
            #expect(html.contains("name=\"\(field)\""), "booking form lacks field \(field)")
        }
        #expect(html.contains("value=\"amina-benali\""))
    }

    @Test func contactPageHasItsForm() throws {
        try fixture.build()
        let html = try #require(fixture.page("/en/contact/"))
        #expect(html.contains("action=\"/api/contact\""))
        for field in ["name", "email", "phone", "subject", "message", "website"] {
            #expect(html.contains("name=\"\(field)\""), "contact form lacks \(field)")
        }
    }

    @Test func arabicPagesAreRightToLeftWithHreflang() throws {
        try fixture.build()
        let html = try #require(fixture.page("/ar/doctors/amina-benali/"))
        #expect(html.contains("<html lang=\"ar\" dir=\"rtl\""))
        #expect(html.contains("د. أمينة بن علي"))
        #expect(html.contains("hreflang=\"fr\" href=\"https://test.example.dz/fr/doctors/amina-benali/\""))
        #expect(html.contains("hreflang=\"x-default\""))
        let french = try #require(fixture.page("/fr/doctors/amina-benali/"))
        #expect(french.contains("<html lang=\"fr\" dir=\"ltr\""))
    }

    @Test func scriptInNamesAndBodiesIsEscaped() throws {
        fixture.write("doctors/amina-benali.md",
                      Fixture.doctor(name: "Dr <script>alert(1)</script>", body: "Bio <script>alert(2)</script> <img src=x onerror=alert(3)>"))
        try fixture.build()
        for path in ["/fr/doctors/amina-benali/", "/fr/doctors/", "/fr/specialties/cardiologie/"] {
            let html = try #require(fixture.page(path))
            #expect(!html.contains("<script>alert"), "\(path) runs an injected script")
            #expect(!html.contains("onerror=alert"), "\(path) has an injected handler")
        }
        let page = try #require(fixture.page("/fr/doctors/amina-benali/"))
        #expect(page.contains("&lt;script&gt;alert(1)"))
        let index = try #require(fixture.page("/fr/search.json"))
        #expect(index.contains("\\u003cscript\\u003e"))
    }

    @Test func sitemapListsEveryPageWithAlternates() throws {
        try fixture.build()
        let sitemap = try #require(fixture.page("/sitemap.xml"))
        for lang in ["fr", "ar", "en"] {
            #expect(sitemap.contains("<loc>https://test.example.dz/\(lang)/doctors/amina-benali/</loc>"))
            #expect(sitemap.contains("hreflang=\"\(lang)\" href=\"https://test.example.dz/\(lang)/specialties/cardiologie/\""))
        }
        #expect(sitemap.contains("<loc>https://test.example.dz/fr/about/</loc>"))
        #expect(!sitemap.contains("404"))
        #expect(try #require(fixture.page("/robots.txt")).contains("Sitemap: https://test.example.dz/sitemap.xml"))
    }

    @Test func searchIndexHoldsEveryPublishedDoctor() throws {
        try fixture.build()
        let data = try #require(fixture.page("/ar/search.json")?.data(using: .utf8))
        let index = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let rows = try #require(index["d"] as? [[Any]])
        let specialties = try #require(index["s"] as? [String]), wilayas = try #require(index["w"] as? [String])
        #expect(index["p"] as? String == "/ar/doctors/")
        #expect(rows.count == 2)
        let amina = try #require(rows.first { $0[1] as? String == "amina-benali" })
        #expect(amina[0] as? String == "د. أمينة بن علي")
        #expect((amina[2] as? [Int])?.map { specialties[$0] } == ["أمراض القلب"])
        #expect(amina[3] as? String == "Bab Ezzouar")
        #expect((amina[4] as? Int).map { wilayas[$0] } == "الجزائر")
    }

    @Test func draftsAreHiddenUnlessAsked() throws {
        fixture.write("doctors/new-doctor.md", Fixture.doctor(name: "Dr Nouveau", extra: "draft: true"))
        try fixture.build()
        #expect(fixture.page("/fr/doctors/new-doctor/") == nil)
        #expect(fixture.page("/fr/doctors/")?.contains("Dr Nouveau") == false)
        #expect(fixture.page("/sitemap.xml")?.contains("new-doctor") == false)
        try fixture.build(drafts: true)
        #expect(fixture.page("/fr/doctors/new-doctor/") != nil)
    }

    @Test func assetsGetAContentHash() throws {
        try fixture.build()
        let assets = try FileManager.default.contentsOfDirectory(atPath: fixture.output + "/assets")
        let css = try #require(assets.first { $0.hasPrefix("style.") && $0.hasSuffix(".css") })
        #expect(css.count == "style.0123456789.css".count)
        #expect(fixture.page("/fr/")?.contains("/assets/\(css)") == true)
    }

    @Test func outputIsDeterministic() throws {
        try fixture.build()
        let first = fixture.snapshot()
        try fixture.build()
        let second = fixture.snapshot()
        #expect(first.count > 30)
        #expect(first == second)
    }

    @Test func failedBuildLeavesTheSiteUntouched() throws {
        try fixture.build()
        let before = fixture.snapshot()
        fixture.write("doctors/karim-haddad.md", Fixture.doctor(specialty: "unknown"))
        #expect(throws: ContentErrors.self) { try fixture.build() }
        #expect(fixture.snapshot() == before)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: fixture.root).filter { $0.hasPrefix("site.") }
        #expect(leftovers.isEmpty)
    }

    @Test func staleFilesAreRemoved() throws {
        try fixture.build()
        #expect(fixture.page("/fr/doctors/karim-haddad/") != nil)
        fixture.remove("doctors/karim-haddad.md")
        try fixture.build()
        #expect(fixture.page("/fr/doctors/karim-haddad/") == nil)
        #expect(fixture.page("/fr/wilayas/oran/") == nil)
    }
}
