import Foundation
import Hummingbird
import HummingbirdTesting
import MawidBooking
import MawidSite
import Testing
@testable import MawidServer

/// A doctor's Markdown changes under bookings made before: those the new plan leaves out wait in the practice's
/// inbox under "Needs attention" ("À revoir": the review area speaks the site's default language, French) with
/// the reason, until the practice moves or cancels them. Most tests start the server again on the same database
/// with the site built from the edited content (as after a restart); one publishes it to the running server.
@Suite struct AttentionTests {
    let review = ReviewTests()

    /// Amina's file as the fixture writes it, with these fields instead.
    static func amina(name: String = "Dr Amina Benali", slot: Int = 30,
                      hours: String = "{sun: [\"08:30-12:00\"], tue: [\"08:30-10:00\", \"14:00-15:00\"], wed: [\"09:00-10:00\"]}",
                      holidays: String = "[\"2026-12-02\", \"2026-12-20..2026-12-31\"]") -> String {
        """
        ---
        name: '\(name)'
        specialty: cardiologie
        wilaya: Alger
        city: Hydra
        address: 8 chemin Ahmed Kara
        phone: "021 48 32 17"
        languages: [ar, fr]
        experience: 18
        slot: \(slot)
        hours: \(hours)
        holidays: \(holidays)
        ---
        Bio.
        """
    }

    /// The "Needs attention" section of an inbox page, or nil when there is none.
    func attention(_ html: String) -> String? {
        guard let start = html.range(of: "<section class=\"attention\""),
              let end = html.range(of: "</section>", range: start.upperBound..<html.endIndex) else { return nil }
        return String(html[start.lowerBound..<end.upperBound])
    }

    /// The id of the booking of `doctor` at `date` `time`.
    func id(_ store: BookingStore, _ doctor: String = "amina-benali", _ date: String, _ time: String) async throws -> Int64 {
        let day = try #require(LocalDate(date))
        let bookings = try await store.bookings(doctors: [doctor], from: day, through: day)
        return try #require(bookings.first { $0.request.slot.time.description == time }?.id)
    }

    /// Books each (doctor, date, time) as a patient would.
    func book(_ client: any TestClientProtocol, _ slots: [(String, String, String)]) async throws {
        for (doctor, date, time) in slots {
            let response = try await client.postJSON("/api/bookings", bookingJSON(date: date, time: time, doctor: doctor))
            #expect(response.status == .created, "\(doctor) \(date) \(time)")
        }
    }

    @Test func eachChangeShowsItsReasonAndWhatStillFitsDoesNot() async throws {
        let fixture = try ServerFixture()
        try review.makeAccounts(fixture)
        try await fixture.test { client, _ throws in
            try await book(client, [
                ("amina-benali", "2026-12-01", "14:00"),  // Tuesday afternoon: the new hours end at 09:30
                ("amina-benali", "2026-12-06", "10:00"),  // Sunday: a new holiday
                ("amina-benali", "2026-12-09", "09:00"),  // Wednesday: no longer worked
                ("amina-benali", "2026-12-13", "10:00"),  // Sunday: slots of 20 minutes from 08:30, no 10:00
                ("amina-benali", "2026-12-13", "09:30"),  // Sunday: 09:30 is still a slot
                ("amina-benali", "2026-12-01", "09:00"),  // off the new grid, but over by then
                ("karim-haddad", "2026-12-01", "10:00"),  // set to draft
            ])
            let inbox = try await client.get("/review/", headers: [.cookie: try await review.session(client, "admin").cookie])
            #expect(attention(inbox.text) == nil)
        }
        fixture.write("doctors/amina-benali.md", Self.amina(slot: 20, hours: "{sun: [\"08:30-12:00\"], tue: [\"08:30-09:30\"]}",
                                                            holidays: "[\"2026-12-06..2026-12-07\", \"2026-12-20..2026-12-31\"]"))
        let karim = try String(contentsOfFile: fixture.content + "/doctors/karim-haddad.md", encoding: .utf8)
        fixture.write("doctors/karim-haddad.md", karim.replacingOccurrences(of: "experience: 9", with: "experience: 9\ndraft: true"))
        try fixture.rebuild()
        fixture.clock.now = ServerFixture.now + 65 * 60  // 09:05: the 09:00 visit has started
        try await fixture.test { client, store throws in
            let admin = try await review.session(client, "admin")
            let inbox = try await client.get("/review/", headers: [.cookie: admin.cookie]).text
            let section = try #require(attention(inbox))
            #expect(section.contains("<h2 id=\"attention-title\">À revoir</h2>"))
            let expected: [(String, String, String, String)] = [
                ("amina-benali", "2026-12-01", "14:00", "En dehors des nouveaux horaires (mar. 08:30–09:30)."),
                ("amina-benali", "2026-12-06", "10:00", "Dr Amina Benali est en congé du 6 décembre 2026 au 7 décembre 2026."),
                ("amina-benali", "2026-12-09", "09:00", "Dr Amina Benali ne consulte plus le mercredi."),
                ("amina-benali", "2026-12-13", "10:00",
                 "Les créneaux durent maintenant 20 min (dim. 08:30–12:00) : cet horaire n’est plus un créneau."),
                ("karim-haddad", "2026-12-01", "10:00", "Dr Karim Haddad n’est plus publié sur le site."),
            ]
            for (doctor, date, time, reason) in expected {
                let id = try await id(store, doctor, date, time)
                // The booking's own card, with its reason, once on the page.
                let card = try #require(section.range(of: "id=\"b\(id)\""), "\(date) \(time)")
                let next = section.range(of: "<article", range: card.upperBound..<section.endIndex)?.lowerBound ?? section.endIndex
                #expect(section[card.upperBound..<next].contains("<dd class=\"attention-reason\">\(reason)</dd>"), "\(reason)")
                #expect(inbox.components(separatedBy: "id=\"b\(id)\"").count == 2)
            }
            // Soonest first.
            let order = try await [("karim-haddad", "2026-12-01", "10:00"), ("amina-benali", "2026-12-01", "14:00"),
                                   ("amina-benali", "2026-12-06", "10:00")].asyncMap { try await id(store, $0.0, $0.1, $0.2) }
            let positions = order.map { section.range(of: "id=\"b\($0)\"")!.lowerBound }
            #expect(positions == positions.sorted())
            // A booking that still fits, and one that has started, stay in the usual list only.
            for (date, time) in [("2026-12-13", "09:30"), ("2026-12-01", "09:00")] {
                let id = try await id(store, "amina-benali", date, time)
                #expect(!section.contains("id=\"b\(id)\""))
                #expect(inbox.contains("id=\"b\(id)\""))
            }
            // The booking's own page says why too; and the count the reload logs.
            let holiday = try await id(store, "amina-benali", "2026-12-06", "10:00")
            let page = try await client.get("/review/bookings/\(holiday)", headers: [.cookie: admin.cookie]).text
            #expect(page.contains("Dr Amina Benali est en congé du 6 décembre 2026 au 7 décembre 2026."))
            let fits = try await id(store, "amina-benali", "2026-12-13", "09:30")
            #expect(try await !client.get("/review/bookings/\(fits)", headers: [.cookie: admin.cookie]).text.contains("attention-reason"))
        }
        let (server, store) = try fixture.server()
        #expect(try await server.countBookingsNeedingAttention() == 5)
        try store.database.close()
        #expect(!fixture.logs.text.contains("Yasmine") && !fixture.logs.text.contains("550"))
    }

    /// The same, without a restart: the server publishes the new content while it serves.
    @Test func aReloadWhileServingListsThemAtOnce() async throws {
        let fixture = try ServerFixture()
        try review.makeAccounts(fixture)
        let (server, store) = try fixture.server()
        let app = Application(router: server.router(), logger: server.logger)
        try await app.test(.router) { client in
            try await book(client, [("amina-benali", "2026-12-06", "10:00"), ("amina-benali", "2026-12-06", "11:00")])
            let admin = try await review.session(client, "admin")
            #expect(try await server.countBookingsNeedingAttention() == 0)
            fixture.write("doctors/amina-benali.md", Self.amina(hours: "{sun: [\"08:30-10:30\"], tue: [\"08:30-10:00\"]}"))
            try fixture.rebuild()
            await server.live.publish(fixture.site)
            #expect(try await server.countBookingsNeedingAttention() == 1)
            let section = try #require(attention(try await client.get("/review/", headers: [.cookie: admin.cookie]).text))
            let late = try await id(store, "amina-benali", "2026-12-06", "11:00")
            #expect(section.contains("id=\"b\(late)\""))
            #expect(section.contains("En dehors des nouveaux horaires (dim. 08:30–10:30)."))
            #expect(!section.contains("id=\"b\(try await id(store, "amina-benali", "2026-12-06", "10:00"))\""))
            // The doctor takes the afternoon back: nothing needs attention any more.
            fixture.write("doctors/amina-benali.md", Self.amina())
            try fixture.rebuild()
            await server.live.publish(fixture.site)
            #expect(attention(try await client.get("/review/", headers: [.cookie: admin.cookie]).text) == nil)
        }
        try store.database.close()
    }

    @Test func movingOrCancellingTakesItOffTheListAndTellsThePatient() async throws {
        let fixture = try ServerFixture()
        try review.makeAccounts(fixture)
        try await fixture.test { client, store throws in
            try await book(client, [
                ("amina-benali", "2026-12-06", "10:00"),
                ("amina-benali", "2026-12-06", "10:30"),
                ("amina-benali", "2026-12-06", "11:00"),
                ("karim-haddad", "2026-12-08", "09:00"),
            ])
            let amina = try await review.session(client, "amina")
            let confirm = try await review.post(client, "/review/bookings/\(try await id(store, "amina-benali", "2026-12-06", "11:00"))/confirm", amina)
            #expect(confirm.headers[.location]?.hasSuffix("done=1") == true)
        }
        // Amina takes Sunday 6 off; Karim leaves the network.
        fixture.write("doctors/amina-benali.md", Self.amina(holidays: "[\"2026-12-06\"]"))
        fixture.remove("doctors/karim-haddad.md")
        try fixture.rebuild()
        try await fixture.test(messages: true) { client, store throws in
            let moved = try await id(store, "amina-benali", "2026-12-06", "10:00")
            let declined = try await id(store, "amina-benali", "2026-12-06", "10:30")
            let cancelled = try await id(store, "amina-benali", "2026-12-06", "11:00")
            let karims = try await id(store, "karim-haddad", "2026-12-08", "09:00")
            let admin = try await review.session(client, "admin")
            func section() async throws -> String {
                attention(try await client.get("/review/", headers: [.cookie: admin.cookie]).text) ?? ""
            }
            let before = try await section()
            for id in [moved, declined, cancelled, karims] { #expect(before.contains("id=\"b\(id)\"")) }
            #expect(before.contains("Dr Amina Benali est en congé le 6 décembre 2026."))
            // A doctor gone from content/: named by the slug, nowhere to move to, but the patient can be told.
            #expect(before.contains("karim-haddad n’est plus publié sur le site."))
            #expect(!before.contains("/review/bookings/\(karims)/propose"))
            #expect(before.contains("/review/bookings/\(karims)/decline"))
            // A pending request on a day off can be moved or declined, not confirmed as it is.
            #expect(before.contains("/review/bookings/\(declined)/propose") && before.contains("/review/bookings/\(declined)/decline"))
            #expect(!before.contains("/review/bookings/\(declined)/confirm"))
            #expect(before.contains("/review/bookings/\(cancelled)/cancel"))

            // Moving to another day off is refused: it stays.
            let refused = try await review.post(client, "/review/bookings/\(moved)/propose", admin, "date=2026-12-06&time=09:00&back=/review/")
            #expect(refused.headers[.location] == "/review/?error=bad_slot")
            #expect(try await section().contains("id=\"b\(moved)\""))

            for (id, action, body) in [(moved, "propose", "date=2026-12-13&time=10:00"),
                                       (declined, "decline", "reason=Le+docteur+est+absent"),
                                       (cancelled, "cancel", "reason=Le+docteur+est+absent"),
                                       (karims, "decline", "reason=Le+docteur+ne+consulte+plus")] {
                let response = try await review.post(client, "/review/bookings/\(id)/\(action)", admin, body + "&back=/review/")
                #expect(response.headers[.location] == "/review/?done=1", "\(action)")
            }
            #expect(try await section().isEmpty)
            // The moved booking waits in the usual list for the patient's answer; each patient got the usual message.
            #expect(try await client.get("/review/", headers: [.cookie: admin.cookie]).text.contains("id=\"b\(moved)\""))
            let kinds = try await [moved, declined, cancelled, karims].asyncMap { id in
                try await store.outbox(bookingID: id).map(\.kind)
            }
            #expect(kinds[0].contains(.proposed) && kinds[1].contains(.declined) && kinds[2].contains(.cancelled)
                    && kinds[3].contains(.declined))
        }
    }

    @Test func aDoctorsAccountSeesOnlyItsOwnPatients() async throws {
        let fixture = try ServerFixture()
        try review.makeAccounts(fixture)
        try await fixture.test { client, _ throws in
            try await book(client, [("amina-benali", "2026-12-01", "14:00"), ("karim-haddad", "2026-12-01", "09:00")])
        }
        fixture.write("doctors/amina-benali.md", Self.amina(hours: "{sun: [\"08:30-12:00\"]}"))
        let karim = try String(contentsOfFile: fixture.content + "/doctors/karim-haddad.md", encoding: .utf8)
        fixture.write("doctors/karim-haddad.md", karim.replacingOccurrences(of: "slot: 30", with: "slot: 45"))
        try fixture.rebuild()
        try await fixture.test { client, store throws in
            let aminas = try await id(store, "amina-benali", "2026-12-01", "14:00")
            let karims = try await id(store, "karim-haddad", "2026-12-01", "09:00")
            for (login, sees, hidden) in [("amina", aminas, karims), ("karim", karims, aminas)] {
                let session = try await review.session(client, login)
                let inbox = try await client.get("/review/", headers: [.cookie: session.cookie]).text
                let section = try #require(attention(inbox), "\(login)")
                #expect(section.contains("id=\"b\(sees)\""), "\(login)")
                #expect(!inbox.contains("id=\"b\(hidden)\""), "\(login)")
            }
            let karimInbox = try await client.get("/review/", headers: [.cookie: try await review.session(client, "karim").cookie]).text
            #expect(karimInbox.contains("Les créneaux durent maintenant 45 min (mar. 08:30–12:00)"))
            let admin = try await review.session(client, "admin")
            let all = try #require(attention(try await client.get("/review/", headers: [.cookie: admin.cookie]).text))
            #expect(all.contains("id=\"b\(aminas)\"") && all.contains("id=\"b\(karims)\""))
        }
    }

    @Test func theReasonIsEscaped() async throws {
        let fixture = try ServerFixture()
        try review.makeAccounts(fixture)
        try await fixture.test { client, _ throws in
            try await book(client, [("amina-benali", "2026-12-06", "10:00")])
        }
        fixture.write("doctors/amina-benali.md", Self.amina(name: "Dr <i>Amina</i> & {{from}}", holidays: "[\"2026-12-06\"]"))
        try fixture.rebuild()
        try await fixture.test { client, _ throws in
            let admin = try await review.session(client, "admin")
            let section = try #require(attention(try await client.get("/review/", headers: [.cookie: admin.cookie]).text))
            #expect(section.contains("Dr &lt;i&gt;Amina&lt;/i&gt; &amp; {{from}} est en congé le 6 décembre 2026."))
            #expect(!section.contains("<i>Amina"))
        }
    }
}

extension Array {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}
