import Foundation
import Testing
@testable import MawidSite

/// `content/ratings.yml` (written by `mawid serve`): the doctor's page shows the published ratings and their
/// average, with `aggregateRating` in its schema.org data; a change rewrites only that doctor's page; a
/// damaged file is an error with its line.
@Suite struct RatingsFileTests {
    static let date = LocalDate("2026-12-01")!

    @Test func theRatingsAreOnTheDoctorsPageAndAChangeRewritesThatPageOnly() throws {
        let fixture = Fixture()
        let project = SiteProject(options: fixture.options)
        try project.update()
        let before = fixture.snapshot()
        fixture.write(RatingsFile.name, RatingsFile.text(["amina-benali": [
            PublishedRating(stars: 5, date: Self.date, comment: "Très \"à l'écoute\" <b>", reply: "Merci"),
            PublishedRating(stars: 3, date: Self.date.adding(days: 1)),
        ], "nobody-anymore": [PublishedRating(stars: 1, date: Self.date)]]))
        try project.update(changed: [fixture.content + "/" + RatingsFile.name])
        let page = try #require(fixture.page("/fr/doctors/amina-benali/"))
        #expect(page.contains("<strong>4,0</strong> / 5 — 2 avis"))
        #expect(page.contains("Très &quot;à l&#39;écoute&quot; &lt;b&gt;") && page.contains("Merci"))
        #expect(page.contains(#""aggregateRating":{"@type":"AggregateRating","ratingValue":"4.0","ratingCount":"2","bestRating":"5","worstRating":"1"}"#))
        #expect(try #require(fixture.page("/en/doctors/amina-benali/")).contains("<strong>4.0</strong> / 5"))
        // The rated doctor's pages and the lists with their card change; no other doctor's page.
        let changed = fixture.snapshot().filter { before[$0.key] != $0.value }.keys
        #expect(changed.contains("fr/doctors/amina-benali/index.html"))
        #expect(!changed.contains { $0.contains("karim-haddad") })
        // No rating left: the section goes.
        fixture.write(RatingsFile.name, RatingsFile.text([:]))
        try project.update(changed: [fixture.content + "/" + RatingsFile.name])
        #expect(fixture.page("/fr/doctors/amina-benali/")?.contains("Avis des patients") == false)
    }

    @Test func aDamagedRatingsFileNamesItsLine() {
        let fixture = Fixture()
        fixture.write(RatingsFile.name, "amina-benali:\n  - { stars: 9, date: 2026-12-01 }\n")
        #expect(fixture.errors().map(\.description) == [
            fixture.content + "/ratings.yml:2: amina-benali: a rating needs stars (1 to 5) and a date (YYYY-MM-DD) (publish the ratings again from /review/ratings)",
        ])
    }
}
