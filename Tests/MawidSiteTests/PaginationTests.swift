import Foundation
import Testing
@testable import MawidSite

/// Lists of doctors come in pages of `Pagination.size` cards, linked to each other and listed in the sitemap.
@Suite struct PaginationTests {
    let fixture = Fixture()

    /// 45 more cardiologists: 47 doctors in all, 46 in cardiologie.
    init() {
        for number in 1...45 {
            fixture.write("doctors/test-\(number).md",
                          Fixture.doctor(name: String(format: "Dr Test %02d", number), city: "Ville \(number)"))
        }
    }

    func cards(_ html: String) -> [String] {
        html.components(separatedBy: "<h2 class=\"card-title\"><a href=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
    }

    @Test func aLongListIsSplitIntoPagesThatShowEveryDoctorOnce() throws {
        try fixture.build()
        let pages = ["/fr/doctors/", "/fr/doctors/page/2/", "/fr/doctors/page/3/"].map { fixture.page($0) }
        let counts = pages.map { $0.map { cards($0).count } }
        #expect(counts == [20, 20, 7])
        let shown = pages.compactMap { $0 }.flatMap(cards)
        #expect(Set(shown).count == 47)
        #expect(shown.contains("/fr/doctors/amina-benali/") && shown.contains("/fr/doctors/test-45/"))
        #expect(fixture.page("/fr/doctors/page/4/") == nil)
        #expect(fixture.page("/fr/doctors/page/1/") == nil)
        let specialty = ["/ar/specialties/cardiologie/", "/ar/specialties/cardiologie/page/2/", "/ar/specialties/cardiologie/page/3/"]
        #expect(specialty.map { fixture.page($0).map { cards($0).count } } == [20, 20, 6])
        // The whole count is on every page, not the page's.
        #expect(try #require(pages[1]).contains("<strong>47</strong>"))
        for page in pages.compactMap({ $0 }) { #expect(page.utf8.count < 30_000) }
    }

    @Test func pagesLinkEachOtherInTheHeadAndInAPager() throws {
        try fixture.build()
        let first = try #require(fixture.page("/en/doctors/"))
        let second = try #require(fixture.page("/en/doctors/page/2/"))
        let last = try #require(fixture.page("/en/doctors/page/3/"))
        #expect(!first.contains("rel=\"prev\""))
        #expect(first.contains("<link rel=\"next\" href=\"/en/doctors/page/2/\">"))
        #expect(second.contains("<link rel=\"prev\" href=\"/en/doctors/\">"))
        #expect(second.contains("<link rel=\"next\" href=\"/en/doctors/page/3/\">"))
        #expect(!last.contains("rel=\"next\""))
        #expect(second.contains("<link rel=\"canonical\" href=\"https://test.example.dz/en/doctors/page/2/\">"))
        #expect(second.contains("hreflang=\"ar\" href=\"https://test.example.dz/ar/doctors/page/2/\""))
        #expect(second.contains("<title>All doctors — Page 2 — Test Clinic</title>"))
        #expect(second.contains("<span aria-current=\"page\">2</span>"))
        #expect(second.contains("<a href=\"/en/doctors/page/3/\" aria-label=\"Page 3\">3</a>"))
        #expect(second.contains("21–40 / 47"))
        // One short list: no pager at all.
        let pediatrie = try #require(fixture.page("/en/specialties/pediatrie/"))
        #expect(!pediatrie.contains("class=\"pager\"") && !pediatrie.contains("rel=\"next\""))
        // Arabic pages get their own words.
        #expect(try #require(fixture.page("/ar/doctors/page/2/")).contains("التالية"))
    }

    @Test func theSitemapListsEveryPage() throws {
        try fixture.build()
        let sitemap = try #require(fixture.page("/sitemap.xml"))
        #expect(sitemap.contains("<loc>https://test.example.dz/fr/doctors/page/3/</loc>"))
        #expect(sitemap.contains("<loc>https://test.example.dz/ar/specialties/cardiologie/page/2/</loc>"))
        #expect(!sitemap.contains("/page/4/"))
    }

    @Test func pagesNoLongerNeededAreRemovedWhenDoctorsLeave() throws {
        try fixture.build()
        #expect(fixture.page("/fr/doctors/page/3/") != nil)
        for number in 10...45 { fixture.remove("doctors/test-\(number).md") }
        try fixture.build()
        #expect(fixture.page("/fr/doctors/page/2/") == nil)
        #expect(fixture.page("/fr/specialties/cardiologie/page/2/") == nil)
        #expect(try #require(fixture.page("/fr/doctors/")).contains("<strong>11</strong>"))
        #expect(!(try #require(fixture.page("/fr/doctors/")).contains("class=\"pager\"")))
    }

    @Test func aDoctorFileCannotTakeTheWordForPageNumbers() throws {
        fixture.write("doctors/page.md", Fixture.doctor(name: "Dr Page"))
        let error = try #require(fixture.errors().first)
        #expect(error.path.hasSuffix("doctors/page.md"))
        #expect(error.message.contains("page numbers"))
        #expect(error.suggestion?.contains("rename") == true)
    }
}
