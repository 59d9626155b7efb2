import Foundation
import Hummingbird
import HummingbirdTesting
import MawidBooking
@testable import MawidServer
import Testing

/// Verified ratings: only after a visit marked done, once, from the patient's own link; published or hidden
/// (with a reason) by the booking's practice; once published, on the doctor's page and in its schema.org
/// data, as a content edit goes live.
@Suite struct RatingTests {
    let review = ReviewTests()
    let notifications = NotificationRouteTests()

    func form(_ client: any TestClientProtocol, _ uri: String, _ body: String) async throws -> TestResponse {
        try await client.execute(uri: uri, method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                 body: ByteBuffer(string: body))
    }

    /// Visits on Tuesday 1 December from 09:00 (one phone number each), past and marked done by Dr Benali's
    /// account.
    func doneVisits(_ client: any TestClientProtocol, _ store: BookingStore, _ fixture: ServerFixture,
                    count: Int = 1) async throws -> [(id: Int64, page: String)] {
        var visits: [(id: Int64, page: String)] = []
        for (index, time) in ["09:00", "09:30"].prefix(count).enumerated() {
            visits.append(try await notifications.book(client, store, date: "2026-12-01", time: time, phone: "0550 12 34 5\(index)"))
        }
        let amina = try await review.session(client, "amina")
        for visit in visits { #expect(try await review.post(client, "/review/bookings/\(visit.id)/confirm", amina).status == .seeOther) }
        fixture.clock.now = ServerFixture.now.addingTimeInterval(3 * 3600)
        let again = try await review.session(client, "amina")
        for visit in visits { #expect(try await review.post(client, "/review/bookings/\(visit.id)/done", again).status == .seeOther) }
        return visits
    }

    @Test func onlyAVisitMarkedDoneIsRatedAndOnlyOnce() async throws {
        let fixture = try ServerFixture()
        try review.makeAccounts(fixture)
        try await fixture.test { client, store throws in
            let early = try await notifications.book(client, store, time: "09:30", phone: "0661 11 22 33")
            #expect(!(try await client.get(early.page)).text.contains("id=\"rating\""))
            let refused = try await form(client, early.page + "/rating", "stars=5")
            #expect(refused.status == .conflict && refused.text.contains("une fois la consultation passée"))

            let visit = try await doneVisits(client, store, fixture)[0]
            let page = try await client.get(visit.page)
            #expect(page.text.contains("id=\"rating\"") && page.text.contains("name=\"stars\" value=\"5\""))
            let none = try await form(client, visit.page + "/rating", "comment=Tr%C3%A8s+bien")
            #expect(none.status == .unprocessableContent && none.text.contains("Choisissez une note de 1 à 5."))
            #expect(none.text.contains(">Très bien</textarea>"))
            #expect(try await form(client, visit.page + "/rating", "stars=6").status == .unprocessableContent)
            let long = try await form(client, visit.page + "/rating", "stars=4&comment=" + String(repeating: "a", count: 1001))
            #expect(long.status == .unprocessableContent && long.text.contains("1000 caractères au plus"))
            let rated = try await form(client, visit.page + "/rating", "stars=4&comment=%3Cb%3EAccueil%3C%2Fb%3E+chaleureux")
            #expect(rated.status == .seeOther && rated.headers[.location]?.hasSuffix("?done=rated#rating") == true)
            #expect(try await form(client, visit.page + "/rating", "stars=1").status == .conflict)
            let after = try await client.get(visit.page)
            #expect(after.text.contains("Merci pour votre avis : 4 sur 5.") && !after.text.contains("name=\"stars\""))
            // Nothing public yet; the practice sees it, escaped.
            let amina = try await review.session(client, "amina")
            let list = try await client.get("/review/ratings", headers: [.cookie: amina.cookie])
            #expect(list.text.contains("&lt;b&gt;Accueil&lt;/b&gt; chaleureux") && list.text.contains("à relire"))
            let karim = try await review.session(client, "karim")
            #expect(!(try await client.get("/review/ratings", headers: [.cookie: karim.cookie])).text.contains("chaleureux"))
            let id = try #require(list.text.firstMatch(of: /action="\/review\/ratings\/(\d+)\/publish"/)?.1)
            #expect(try await review.post(client, "/review/ratings/\(id)/publish", karim).status == .notFound)
        }
    }

    @Test func aPublishedRatingReachesTheDoctorsPageAndItsSchemaData() async throws {
        let fixture = try ServerFixture()
        try review.makeAccounts(fixture)
        try await fixture.testLive { client, store, reloader, live in
            live.whenEdited { paths in await reloader.reload(changed: paths) { _ in } }
            let visits = try await doneVisits(client, store, fixture, count: 2)
            let visit = visits[0], other = visits[1]
            #expect(try await form(client, visit.page + "/rating", "stars=5&comment=Excellente+%C3%A9coute").status == .seeOther)
            #expect(try await form(client, other.page + "/rating", "stars=4").status == .seeOther)
            let admin = try await review.session(client, "admin")
            let list = try await client.get("/review/ratings", headers: [.cookie: admin.cookie])
            let ids = list.text.matches(of: /action="\/review\/ratings\/(\d+)\/publish"/).map { String($0.1) }
            #expect(ids.count == 2)
            for id in ids { #expect(try await review.post(client, "/review/ratings/\(id)/publish", admin).status == .seeOther) }
            let reply = try await review.post(client, "/review/ratings/\(ids.last!)/reply", admin, "reply=Merci+%C3%A0+vous")
            #expect(reply.status == .seeOther)
            let pagePath = fixture.root + "/site/fr/doctors/amina-benali/index.html"
            func page() -> String { (try? String(contentsOfFile: pagePath, encoding: .utf8)) ?? "" }
            for _ in 0..<200 where !page().contains("Merci à vous") { try await Task.sleep(for: .milliseconds(20)) }
            let html = page()
            #expect(html.contains("Avis des patients") && html.contains("<strong>4,5</strong> / 5 — 2 avis"))
            #expect(html.contains("Excellente écoute") && html.contains("Merci à vous"))
            #expect(html.contains(#""aggregateRating":{"@type":"AggregateRating","ratingValue":"4.5","ratingCount":"2""#))
            #expect(!html.contains("Yasmine"))
            let file = try String(contentsOfFile: fixture.content + "/ratings.yml", encoding: .utf8)
            #expect(file.contains("amina-benali:") && !file.contains("Yasmine"))
            // Hidden needs a reason, kept; the page follows.
            // (The list is newest first: the last is the first given, "Excellente écoute".)
            #expect(try await review.post(client, "/review/ratings/\(ids.last!)/hide", admin).headers[.location]?.contains("error=1") == true)
            #expect(try await review.post(client, "/review/ratings/\(ids.last!)/hide", admin, "reason=Nom+d%27un+autre+patient").status == .seeOther)
            for _ in 0..<200 where page().contains("Excellente") { try await Task.sleep(for: .milliseconds(20)) }
            #expect(!page().contains("Excellente") && page().contains("<strong>4,0</strong> / 5 — 1 avis"))
            let hidden = try await client.get("/review/ratings", headers: [.cookie: admin.cookie])
            #expect(hidden.text.contains("Caché par admin : Nom d&#39;un autre patient"))
        }
    }
}
