import Foundation
import Hummingbird
import HummingbirdTesting
import MawidBooking
import MawidSite
import Testing
@testable import MawidServer

/// `/review/figures` and its CSV: the numbers of the bookings made and changed, only the account's doctors (the
/// network for an admin), charts with their tables, Sunday first, right to left in Arabic. "Now" is Tuesday
/// 2026-12-01 08:00 in Algiers.
@Suite struct ReviewFiguresTests {
    let review = ReviewTests()
    let december = "from=2026-12-01&through=2026-12-31"

    /// Dr Amina Benali: 09:00 came, 09:30 did not come, 14:00 cancelled by the practice (all on Tuesday 1
    /// December), Sunday 6 at 09:00 cancelled by the patient; Dr Karim Haddad: one pending request.
    func makeBookings(_ client: any TestClientProtocol, _ store: BookingStore, _ fixture: ServerFixture) async throws {
        for time in ["09:00", "09:30", "14:00"] { _ = try await review.book(client, time: time) }
        let sunday = try await client.postJSON("/api/bookings", bookingJSON(date: "2026-12-06", time: "09:00"))
        #expect(sunday.status == .created)
        _ = try await review.book(client, doctor: "karim-haddad", time: "10:00")
        // Counted into the summary now: what follows goes through its triggers.
        #expect(try await store.countFigures() == 5)
        let ids = try await store.bookings(doctors: ["amina-benali"], from: ServerFixture.day("2026-12-01"),
                                           through: ServerFixture.day("2026-12-01")).map(\.id)
        let amina = try await review.session(client, "amina")
        for id in ids.prefix(2) { #expect(try await review.post(client, "/review/bookings/\(id)/confirm", amina).status == .seeOther) }
        #expect(try await review.post(client, "/review/bookings/\(ids[2])/cancel", amina).status == .seeOther)
        let manage = try #require((sunday.json["manageURL"] as? String)?.replacingOccurrences(of: "https://test.example.dz", with: ""))
        #expect(try await client.execute(uri: manage + "/cancel", method: .post).status == .seeOther)
        fixture.clock.now += 2 * 3600  // 10:00: both morning visits are over
        #expect(try await review.post(client, "/review/bookings/\(ids[0])/done", amina).status == .seeOther)
        #expect(try await review.post(client, "/review/bookings/\(ids[1])/noshow", amina).status == .seeOther)
    }

    /// The key numbers, label → value.
    func numbers(_ html: String) -> [String: String] {
        Dictionary(html.matches(of: /<dt>([^<]+)<\/dt><dd><strong>([^<]+)<\/strong>/).map { (String($0.1), String($0.2)) }) { a, _ in a }
    }

    /// The rows of a chart's table, "label: count (share)", in order.
    func table(_ html: String, _ id: String) throws -> [String] {
        let start = try #require(html.range(of: "id=\"chart-\(id)-heading\""))
        let end = html.range(of: "</table>", range: start.upperBound..<html.endIndex)?.lowerBound ?? html.endIndex
        return html[start.upperBound..<end].matches(of: /<tr><th scope="row">([^<]+)<\/th><td>([^<]+)<\/td><td>([^<]+)<\/td><\/tr>/)
            .map { "\($0.1): \($0.2) (\($0.3))" }
    }

    @Test func aDoctorSeesTheNumbersOfTheBookingsMadeAndChanged() async throws {
        let fixture = try ServerFixture()
        try review.makeAccounts(fixture)
        try await fixture.test { client, store throws in
            try await makeBookings(client, store, fixture)
            let amina = try await review.session(client, "amina")
            let page = try await client.get("/review/figures?doctor=amina-benali&\(december)", headers: [.cookie: amina.cookie])
            #expect(page.status == .ok)
            let html = page.text
            let figures = numbers(html)
            #expect(figures["Demandes"] == "4")
            #expect(figures["Confirmées par le cabinet"] == "2")
            #expect(figures["Annulées par le patient"] == "1" && figures["Annulées par le cabinet"] == "1")
            #expect(figures["Taux d’absence"] == "50\u{A0}%")
            #expect(figures["Délai médian entre la demande et le rendez-vous"] == "0 jour(s)")
            #expect(figures["En ligne / par téléphone"] == "100\u{A0}% / 0\u{A0}%")
            #expect(try table(html, "outcomes") == [
                "En attente de réponse: 0 (0\u{A0}%)", "Confirmés, à venir: 0 (0\u{A0}%)", "Venus: 1 (25\u{A0}%)",
                "Absents: 1 (25\u{A0}%)", "Autre horaire proposé: 0 (0\u{A0}%)", "Refusées: 0 (0\u{A0}%)",
                "Annulées par le patient: 1 (25\u{A0}%)", "Annulées par le cabinet: 1 (25\u{A0}%)",
            ])
            // Sunday first; three visits on Tuesday, one on Sunday.
            #expect(try table(html, "weekdays") == [
                "dimanche: 1 (25\u{A0}%)", "lundi: 0 (0\u{A0}%)", "mardi: 3 (75\u{A0}%)", "mercredi: 0 (0\u{A0}%)",
                "jeudi: 0 (0\u{A0}%)", "vendredi: 0 (0\u{A0}%)", "samedi: 0 (0\u{A0}%)",
            ])
            #expect(try table(html, "hours") == (9...14).map { "\(String(format: "%02d", $0)):00: \($0 == 9 ? "3 (75\u{A0}%)" : $0 == 14 ? "1 (25\u{A0}%)" : "0 (0\u{A0}%)")" })
            // Each chart: an SVG named by its title, no script; the choice of doctor has no "all doctors".
            #expect(html.components(separatedBy: "<svg class=\"chart\"").count - 1 == 4)
            #expect(html.contains(#"role="img" aria-labelledby="chart-weekdays-title"><title id="chart-weekdays-title">Jours les plus chargés</title>"#))
            #expect(!html.contains("<script") && !html.contains(#"value="all""#) && !html.contains("Karim"))
            #expect(html.contains(#"<a href="/review/figures">Chiffres</a>"#))
            #expect(html.contains(#"href="/review/figures.csv?doctor=amina-benali&amp;from=2026-12-01&amp;through=2026-12-31""#))
        }
    }

    @Test func theLast30DaysByDefaultWithQuickPeriods() async throws {
        let fixture = try ServerFixture()
        try review.makeAccounts(fixture)
        try await fixture.test { client, store throws in
            try await makeBookings(client, store, fixture)
            let amina = try await review.session(client, "amina")
            let html = try await client.get("/review/figures", headers: [.cookie: amina.cookie]).text
            #expect(html.contains(#"name="from" value="2026-11-02""#) && html.contains(#"name="through" value="2026-12-01""#))
            #expect(html.contains(#"<a href="/review/figures?doctor=amina-benali&amp;from=2026-11-02&amp;through=2026-12-01" aria-current="page">30 derniers jours</a>"#))
            #expect(html.contains(#"from=2026-09-02&amp;through=2026-12-01""#) && html.contains(#"from=2025-12-02&amp;through=2026-12-01""#))
            // Up to today: Tuesday's three, not Sunday's.
            #expect(numbers(html)["Demandes"] == "3")
            // Dates the wrong way round are swapped; a period without bookings says so.
            let swapped = try await client.get("/review/figures?from=2026-12-31&through=2026-12-01", headers: [.cookie: amina.cookie]).text
            #expect(numbers(swapped)["Demandes"] == "4")
            let empty = try await client.get("/review/figures?from=2026-01-01&through=2026-01-31", headers: [.cookie: amina.cookie]).text
            #expect(empty.contains("Aucun rendez-vous dans cette période.") && !empty.contains("<svg"))
        }
    }

    @Test func aDoctorsAccountSeesNoOtherDoctorNorTheNetwork() async throws {
        let fixture = try ServerFixture()
        try review.makeAccounts(fixture)
        try await fixture.test { client, store throws in
            try await makeBookings(client, store, fixture)
            let karim = try await review.session(client, "karim")
            for uri in ["/review/figures?doctor=amina-benali", "/review/figures?doctor=all", "/review/figures?doctor=hidden",
                        "/review/figures.csv?doctor=amina-benali&\(december)", "/review/figures.csv?doctor=all&\(december)"] {
                let response = try await client.get(uri, headers: [.cookie: karim.cookie])
                #expect(response.status == .notFound, "\(uri)")
                #expect(!response.text.contains("Amina"), "\(uri)")
            }
            let own = try await client.get("/review/figures?\(december)", headers: [.cookie: karim.cookie]).text
            #expect(numbers(own)["Demandes"] == "1" && !own.contains("Amina") && !own.contains(#"value="all""#))
            // Without a session: the login page.
            #expect(try await client.get("/review/figures").status == .seeOther)
            #expect(try await client.get("/review/figures.csv").status == .seeOther)
        }
    }

    @Test func anAdminSeesTheNetworkAndEachDoctor() async throws {
        let fixture = try ServerFixture()
        try review.makeAccounts(fixture)
        try await fixture.test { client, store throws in
            try await makeBookings(client, store, fixture)
            let admin = try await review.session(client, "admin")
            let network = try await client.get("/review/figures?\(december)", headers: [.cookie: admin.cookie]).text
            #expect(network.contains(#"<option value="all" selected>Tous les médecins (le réseau)</option>"#))
            #expect(numbers(network)["Demandes"] == "5")
            let karim = try await client.get("/review/figures?doctor=karim-haddad&\(december)", headers: [.cookie: admin.cookie]).text
            #expect(numbers(karim)["Demandes"] == "1" && karim.contains(#"<option value="karim-haddad" selected>"#))
        }
    }

    @Test func theCSVHasARowPerDoctorAndTheTotal() async throws {
        let fixture = try ServerFixture()
        try review.makeAccounts(fixture)
        try await fixture.test { client, store throws in
            try await makeBookings(client, store, fixture)
            let admin = try await review.session(client, "admin")
            let response = try await client.get("/review/figures.csv?doctor=all&\(december)", headers: [.cookie: admin.cookie])
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(response.headers[.contentDisposition] == #"attachment; filename="figures-2026-12-01-2026-12-31.csv""#)
            let text = response.text
            #expect(text.hasSuffix("\r\n") && !text.contains("Yasmine") && !text.contains("0550"))
            let lines = text.split(separator: "\r\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
            let header = try #require(lines.first)
            #expect(header.prefix(6) == ["doctor", "name", "from", "through", "requests", "confirmed"])
            func row(_ doctor: String) throws -> [String: String] {
                let line = try #require(lines.first { $0.first == doctor })
                return Dictionary(uniqueKeysWithValues: zip(header, line))
            }
            let amina = try row("amina-benali")
            #expect(amina["name"] == "Dr Amina Benali" && amina["requests"] == "4" && amina["came"] == "1" && amina["no_show"] == "1")
            #expect(amina["cancelled_by_patient"] == "1" && amina["cancelled_by_practice"] == "1" && amina["no_show_rate"] == "0.5000")
            #expect(amina["sun"] == "1" && amina["tue"] == "3" && amina["h09"] == "3" && amina["h10"] == "0" && amina["web"] == "4")
            #expect(try row("karim-haddad")["pending"] == "1")
            let total = try row("all")
            #expect(total["name"] == "Tous les médecins (le réseau)" && total["requests"] == "5" && total["h10"] == "1")
            #expect(lines.map(\.count).allSatisfy { $0 == header.count } && lines.count == 4)
            // A doctor's account: its doctor's row only.
            let amina2 = try await review.session(client, "amina")
            let own = try await client.get("/review/figures.csv?doctor=amina-benali&\(december)", headers: [.cookie: amina2.cookie]).text
            #expect(own.split(separator: "\r\n").count == 2 && !own.contains("karim"))
        }
    }

    @Test func fieldsAreQuotedAsRFC4180Says() {
        #expect(FiguresCSV.field("Dr Amina, cardiologue") == #""Dr Amina, cardiologue""#)
        #expect(FiguresCSV.field(#"Dr "Amina""#) == #""Dr ""Amina""""#)
        #expect(FiguresCSV.field("a\r\nb") == "\"a\r\nb\"")
        #expect(FiguresCSV.field("Dr Amina") == "Dr Amina")
        #expect(FiguresCSV.text("=SUM(A1)") == "'=SUM(A1)")
    }

    @Test func anArabicPracticeAreaReadsRightToLeft() async throws {
        let fixture = try ServerFixture()
        fixture.write("site.yml", """
            title: Test Clinic
            baseURL: https://test.example.dz
            languages: [ar, fr, en]
            timezone: Africa/Algiers
            endpoint: /api
            """)
        try fixture.rebuild()
        try review.makeAccounts(fixture)
        try await fixture.test { client, store throws in
            try await makeBookings(client, store, fixture)
            let amina = try await review.session(client, "amina")
            let html = try await client.get("/review/figures?\(december)", headers: [.cookie: amina.cookie]).text
            #expect(html.contains(#"<html lang="ar" dir="rtl">"#))
            #expect(numbers(html)["نسبة الغياب"] == "50\u{200E}%\u{200E}")
            // The texts of the charts read from the right, their bars grow from the right; Sunday first.
            #expect(html.contains(#"<text class="chart-label" x="100.00%" y="17" direction="rtl" text-anchor="start">الأحد</text>"#))
            #expect(!html.contains(#"direction="ltr""#))
            #expect(try table(html, "weekdays").first == "الأحد: 1 (25\u{200E}%\u{200E})")
        }
    }
}

extension ServerFixture {
    static func day(_ text: String) -> LocalDate { LocalDate(text)! }
}
