import Foundation
import Hummingbird
import HummingbirdTesting
import MawidBooking
@testable import MawidServer
import Testing

/// `/review/hours/{doctor}`: slot length, hours and absences edited in the browser. Only those fields of the
/// doctor's file change; bad input is explained and writes nothing; bookings the change leaves out are shown
/// before saving; a file changed meanwhile is never overwritten; each change is logged and goes live.
@Suite struct ReviewPlanTests {
    let review = ReviewTests()

    /// The form as the page fills it (checkboxes unticked), with `changes` over it, posted.
    func save(_ client: any TestClientProtocol, _ session: ReviewTests.Session, doctor: String = "amina-benali",
              _ changes: [String: String], page: TestResponse? = nil) async throws -> TestResponse {
        let form = try await formPage(client, session, doctor: doctor, page: page)
        let fields = form.merging(changes) { $1 }
        let body = fields.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)" }
            .joined(separator: "&")
        return try await review.post(client, "/review/hours/\(doctor)", session, body)
    }

    /// The form's text inputs and hidden fields (not the session's token) as the page gives them.
    func formPage(_ client: any TestClientProtocol, _ session: ReviewTests.Session, doctor: String = "amina-benali",
                  page: TestResponse? = nil) async throws -> [String: String] {
        let response: TestResponse
        if let page { response = page } else { response = try await client.get("/review/hours/\(doctor)", headers: [.cookie: session.cookie]) }
        #expect(response.status.code < 500)
        let form = try #require(response.text.firstMatch(of: /<form method="post" action="\/review\/hours[^>]*>([\s\S]*?)<\/form>/)?.1)
        var fields: [String: String] = [:]
        for input in form.matches(of: /<input ([^>]*)>/) where !input.1.contains("type=\"checkbox\"") {
            guard let name = input.1.firstMatch(of: /name="([^"]+)"/)?.1, name != "csrf",
                  let value = input.1.firstMatch(of: /value="([^"]*)"/)?.1 else { continue }
            fields[String(name)] = String(value).replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&amp;", with: "&")
        }
        return fields
    }

    var aminaFile: String { "doctors/amina-benali.md" }

    func text(_ fixture: ServerFixture) throws -> String {
        try String(contentsOfFile: fixture.content + "/" + aminaFile, encoding: .utf8)
    }

    @Test func aSaveRewritesOnlyThePlanAndIsLogged() async throws {
        let fixture = try ServerFixture()
        try review.makeAccounts(fixture)
        let before = try text(fixture).replacingOccurrences(of: "experience: 18", with: "experience: 18   # depuis 2008\nfee: \"3 000 DA\"")
        fixture.write(aminaFile, before)
        try fixture.rebuild()
        try await fixture.test { client, store throws in
            let amina = try await review.session(client, "amina")
            let response = try await save(client, amina, ["slot": "20", "hours-tue": "08:30 - 10:00, 14:00–16:00", "hours-wed": "",
                                                           "new-from": "2026-12-09", "new-start": "14:00", "new-end": "16:00"])
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/review/hours/amina-benali?saved=0")
            let after = try text(fixture)
            #expect(after == before
                .replacingOccurrences(of: "slot: 30", with: "slot: 20")
                .replacingOccurrences(of: "  tue: [\"08:30-10:00\", \"14:00-15:00\"]\n  wed: [\"09:00-10:00\"]", with: "  tue: [\"08:30-10:00\", \"14:00-16:00\"]")
                .replacingOccurrences(of: "holidays: [\"2026-12-02\", \"2026-12-20..2026-12-31\"]",
                                      with: "holidays: [\"2026-12-02\", \"2026-12-09 14:00-16:00\", \"2026-12-20..2026-12-31\"]"))
            let edits = try await store.planEdits(doctor: "amina-benali")
            #expect(edits.map(\.field) == ["holidays", "hours", "slot"])
            #expect(edits.allSatisfy { $0.actor == "amina" && $0.at == ServerFixture.now })
            #expect(edits.last?.before == "30" && edits.last?.after == "20")
            let page = try await client.get("/review/hours/amina-benali?saved=0", headers: [.cookie: amina.cookie])
            #expect(page.text.contains("Enregistré : le site est à jour."))
            #expect(page.text.contains("9 décembre 2026 <span dir=\"ltr\">14:00–16:00</span>"))
            #expect(page.text.contains("<td dir=\"ltr\">30</td><td dir=\"ltr\">20</td>"))
            // Removing it (ticked by its value) takes it out again.
            let removed = try await save(client, amina, ["remove-1": "2026-12-09 14:00-16:00"])
            #expect(removed.status == .seeOther)
            #expect(try text(fixture).contains("holidays: [\"2026-12-02\", \"2026-12-20..2026-12-31\"]"))
            // Saving what is there changes nothing, and logs nothing.
            #expect(try await save(client, amina, [:]).headers[.location] == "/review/hours/amina-benali?unchanged=1")
            #expect(try await store.planEdits(doctor: "amina-benali").count == 4)
        }
    }

    @Test func onlyTheDoctorsOwnAccountsReachTheirHours() async throws {
        let fixture = try ServerFixture()
        try review.makeAccounts(fixture)
        let before = try text(fixture)
        try await fixture.test { client, _ throws in
            let karim = try await review.session(client, "karim")
            #expect(try await client.get("/review/hours/amina-benali", headers: [.cookie: karim.cookie]).status == .notFound)
            #expect(try await review.post(client, "/review/hours/amina-benali", karim, "slot=20").status == .notFound)
            #expect(try await client.get("/review/hours/amina-benali").status == .seeOther)  // to the login
            let outside = try await client.get("/review/hours/..%2F..%2Fsite.yml", headers: [.cookie: karim.cookie])
            #expect(outside.status == .notFound, "\(outside.status)")
            // One doctor: straight to their page; an admin chooses.
            #expect(try await client.get("/review/hours", headers: [.cookie: karim.cookie]).headers[.location] == "/review/hours/karim-haddad")
            let admin = try await review.session(client, "admin")
            let list = try await client.get("/review/hours", headers: [.cookie: admin.cookie])
            #expect(list.text.contains("href=\"/review/hours/amina-benali\"") && list.text.contains("href=\"/review/hours/karim-haddad\""))
            // Without the session's token: refused.
            let amina = try await review.session(client, "amina")
            #expect(try await review.post(client, "/review/hours/amina-benali", amina, "slot=20", csrf: "forged").status == .forbidden)
        }
        #expect(try text(fixture) == before)
    }

    @Test func badInputIsExplainedFieldByFieldAndNothingIsWritten() async throws {
        let fixture = try ServerFixture()
        try review.makeAccounts(fixture)
        let before = try text(fixture)
        try await fixture.test { client, store throws in
            let amina = try await review.session(client, "amina")
            let response = try await save(client, amina, ["slot": "3", "hours-sun": "8h-12h", "hours-tue": "08:30-10:00, 09:00-11:00",
                                                           "hours-wed": "12:00-09:00", "new-from": "2026-12-09", "new-to": "2026-12-10",
                                                           "new-start": "10:00", "new-end": "11:00"])
            #expect(response.status == .unprocessableContent)
            for (field, message) in [("slot", "entre 5 et 240"), ("hours-sun", "« 8h-12h » n&#39;est pas une plage d&#39;heures"),
                                     ("hours-tue", "« 09:00-11:00 » chevauche"), ("hours-wed", "« 12:00-09:00 » finit avant de commencer"),
                                     ("new-start", "ne vont qu&#39;avec un seul jour")] {
                #expect(response.text.contains("<li><a href=\"#\(field)\">"), "\(field)")
                #expect(response.text.contains(message), "\(message)")
                #expect(response.text.contains("id=\"\(field)\""))
            }
            // What was typed is still there.
            #expect(response.text.contains("value=\"8h-12h\""))
            #expect(try await store.planEdits(doctor: "amina-benali").isEmpty)
        }
        #expect(try text(fixture) == before)
    }

    @Test func bookingsTheChangeLeavesOutAreListedBeforeSaving() async throws {
        let fixture = try ServerFixture()
        try review.makeAccounts(fixture)
        let before = try text(fixture)
        try await fixture.test { client, store throws in
            let booking = try await review.book(client, time: "14:00")
            let id = try #require(try await store.booking(reference: booking["reference"] as! String)?.id)
            _ = try await review.book(client, time: "08:30")  // still inside the new hours
            let amina = try await review.session(client, "amina")
            let shown = try await save(client, amina, ["hours-tue": "08:30-10:00"])
            #expect(shown.status == .ok)
            #expect(shown.text.contains("Rendez-vous touchés par ce changement (1)"))
            #expect(shown.text.contains("href=\"/review/bookings/\(id)\""))
            #expect(shown.text.contains("Enregistrer quand même"))
            #expect(try text(fixture) == before)
            // "Save anyway": the form now carries the confirmation.
            let saved = try await save(client, amina, ["hours-tue": "08:30-10:00"], page: shown)
            #expect(saved.headers[.location] == "/review/hours/amina-benali?saved=1")
            #expect(try text(fixture).contains("tue: [\"08:30-10:00\"]"))
            // A confirmation for other hours does not count: they are checked again.
            let again = try await save(client, amina, ["hours-tue": "08:30-09:00", "confirm": "30|tue 08:30-09:00"])
            #expect(again.status == .ok || again.headers[.location]?.contains("saved") == true)
        }
    }

    @Test func aFileChangedMeanwhileIsNeverOverwritten() async throws {
        let fixture = try ServerFixture()
        try review.makeAccounts(fixture)
        try await fixture.test { client, store throws in
            let amina = try await review.session(client, "amina")
            // Another field changed in a text editor: both changes are kept.
            let page = try await client.get("/review/hours/amina-benali", headers: [.cookie: amina.cookie])
            fixture.write(aminaFile, try text(fixture).replacingOccurrences(of: "experience: 18", with: "experience: 19"))
            #expect(try await save(client, amina, ["slot": "20"], page: page).status == .seeOther)
            #expect(try text(fixture).contains("experience: 19") && text(fixture).contains("slot: 20"))
            // The hours changed in the editor: the form says so, keeps what was typed, and writes nothing.
            let stale = try await client.get("/review/hours/amina-benali", headers: [.cookie: amina.cookie])
            let edited = try text(fixture).replacingOccurrences(of: "sun: [\"08:30-12:00\"]", with: "sun: [\"09:00-12:00\"]")
            fixture.write(aminaFile, edited)
            let conflict = try await save(client, amina, ["hours-sun": "08:00-11:00"], page: stale)
            #expect(conflict.status == .conflict)
            #expect(conflict.text.contains("La fiche a changé entre-temps"))
            #expect(conflict.text.contains("value=\"08:00-11:00\""))
            #expect(conflict.text.contains("<td dir=\"ltr\">09:00–12:00</td>"))
            #expect(try text(fixture) == edited)
            // Saved again from that page (now knowing the editor's change): it goes through.
            #expect(try await save(client, amina, [:], page: conflict).status == .seeOther)
            #expect(try text(fixture).contains("sun: [\"08:00-11:00\"]"))
            #expect(try await store.planEdits(doctor: "amina-benali").map(\.field) == ["hours", "slot"])
        }
    }

    @Test func aSaveGoesLive() async throws {
        let fixture = try ServerFixture()
        try review.makeAccounts(fixture)
        try await fixture.testLive { client, _, reloader, live in
            live.whenEdited { paths in await reloader.reload(changed: paths) { _ in } }
            func sundaySlots() async throws -> Int {
                let response = try await client.get("/api/doctors/amina-benali/slots?from=2026-12-06&days=1")
                return (response.json["slots"] as? [Any])?.count ?? -1
            }
            #expect(try await sundaySlots() == 7)
            let amina = try await review.session(client, "amina")
            #expect(try await save(client, amina, ["hours-sun": "08:30-10:00"]).status == .seeOther)
            var count = try await sundaySlots()
            for _ in 0..<100 where count != 3 {
                try await Task.sleep(for: .milliseconds(20))
                count = try await sundaySlots()
            }
            #expect(count == 3)
        }
    }
}
