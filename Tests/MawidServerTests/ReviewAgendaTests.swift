import Foundation
import Hummingbird
import HummingbirdTesting
import MawidBooking
import Testing
@testable import MawidServer

/// The agenda: a time grid of a doctor's week or of several doctors' day, bookings in their slots with their
/// status in words and symbol, free slots opening the phone-booking form filled in, past, closed and
/// holiday times marked. "Now" is Tuesday 2026-12-01 08:00; Dr Amina Benali works Sunday, Tuesday and
/// Wednesday, is on holiday on Wednesday 2 December; Dr Karim Haddad works on Tuesdays.
@Suite struct ReviewAgendaTests {
    let review = ReviewTests()

    /// The rows of one column (a `<section class="agenda-col…">`), as "time: text" lines.
    func column(_ html: String, _ heading: String) throws -> String {
        let grid = try #require(html.range(of: "<div class=\"agenda\""))
        let start = try #require(html.range(of: heading, range: grid.upperBound..<html.endIndex))
        let end = html.range(of: "</section>", range: start.upperBound..<html.endIndex)?.lowerBound ?? html.endIndex
        return String(html[start.lowerBound..<end])
    }

    @Test func theReviewAreaSpeaksTheLanguageChosenInThisBrowserRightToLeftInArabic() async throws {
        let fixture = try ServerFixture()
        try review.makeAccounts(fixture)
        try await fixture.test { client, _ throws in
            let amina = try await review.session(client, "amina")
            let french = try await client.get("/review/calendar?doctor=amina-benali&date=2026-12-01", headers: [.cookie: amina.cookie])
            #expect(french.text.contains("<html lang=\"fr\" dir=\"ltr\">"))
            #expect(french.text.contains("href=\"/review/language/ar\""))
            // The link sets the language and goes back to the page it was on.
            let chosen = try await client.get("/review/language/ar", headers: [
                .cookie: amina.cookie, .referer: "http://127.0.0.1:8080/review/calendar?doctor=amina-benali&date=2026-12-01"])
            #expect(chosen.status == .seeOther)
            #expect(chosen.headers[.location] == "/review/calendar?doctor=amina-benali&date=2026-12-01")
            let cookie = String(try #require(chosen.headers[.setCookie]?.split(separator: ";").first))
            #expect(cookie == "mawid_lang=ar")
            let arabic = try await client.get("/review/calendar?doctor=amina-benali&date=2026-12-01",
                                              headers: [.cookie: amina.cookie + "; " + cookie])
            #expect(arabic.text.contains("<html lang=\"ar\" dir=\"rtl\">"))
            #expect(arabic.text.contains("الرزنامة") && arabic.text.contains("الثلاثاء"))
            // The login page too; a language the site does not have is not one; elsewhere: back to the inbox.
            let login = try await client.get("/review/login", headers: [.cookie: cookie])
            #expect(login.text.contains("dir=\"rtl\""))
            #expect(try await client.get("/review/language/xx", headers: [.cookie: amina.cookie]).status == .notFound)
            let outside = try await client.get("/review/language/en", headers: [.referer: "https://evil.example/elsewhere"])
            #expect(outside.headers[.location] == "/review/")
            // Another site's address: only its path is kept.
            let other = try await client.get("/review/language/en", headers: [.referer: "https://evil.example/review/hours"])
            #expect(other.headers[.location] == "/review/hours")
        }
    }

    @Test func aWeekShowsBookingsInTheirSlotsAndFreeSlotsToFill() async throws {
        let fixture = try ServerFixture()
        try review.makeAccounts(fixture)
        try await fixture.test { client, store throws in
            let booked = try await client.postJSON("/api/bookings", bookingJSON(time: "09:00", name: "Yasmine Kaci"))
            #expect(booked.status == .created)
            let amina = try await review.session(client, "amina")
            let week = try await client.get("/review/calendar?doctor=amina-benali&date=2026-12-01", headers: [.cookie: amina.cookie])
            #expect(week.status == .ok)
            let html = week.text
            // Seven columns, Sunday first.
            #expect(html.components(separatedBy: "<section class=\"agenda-col").count - 1 == 7)
            let tuesday = try column(html, "1 décembre 2026")
            let id = try #require(try await store.search(BookingQuery("yasmine"), doctors: nil).first?.id)
            #expect(tuesday.contains("href=\"/review/bookings/\(id)\""))
            #expect(tuesday.contains("Yasmine Kaci") && tuesday.contains(">?</span>") && tuesday.contains("En attente"))
            // The next free slot opens the phone form for it; 08:30 has passed at 08:00? No: it is still to come.
            #expect(tuesday.contains("href=\"/review/new?doctor=amina-benali&amp;date=2026-12-01&amp;time=09:30\""))
            #expect(tuesday.contains("href=\"/review/new?doctor=amina-benali&amp;date=2026-12-01&amp;time=08:30\""))
            // Sunday 29 November has passed; Monday is closed; Wednesday is a holiday.
            let sunday = try column(html, "29 novembre 2026")
            #expect(!sunday.contains("/review/new?") && sunday.contains("slot-past"))
            #expect(try column(html, "30 novembre 2026").contains("Fermé"))
            let wednesday = try column(html, "2 décembre 2026")
            #expect(wednesday.contains("congé") && !wednesday.contains("/review/new?"))
            // Rows line up: every column has every time.
            let rows = html.components(separatedBy: "<th scope=\"row\">").count - 1
            #expect(rows % 7 == 0 && rows > 0)
        }
    }

    @Test func severalDoctorsSideBySideAndTheFormFilledIn() async throws {
        let fixture = try ServerFixture()
        try review.makeAccounts(fixture)
        try await fixture.test { client, store throws in
            _ = try await client.postJSON("/api/bookings", bookingJSON(time: "09:00", name: "Yasmine Kaci"))
            _ = try await client.postJSON("/api/bookings", bookingJSON(time: "09:30", name: "Omar Ziani", doctor: "karim-haddad"))
            let admin = try await review.session(client, "admin")
            let day = try await client.get("/review/calendar?doctor=amina-benali&doctor=karim-haddad&date=2026-12-01",
                                           headers: [.cookie: admin.cookie])
            #expect(day.text.components(separatedBy: "<section class=\"agenda-col").count - 1 == 2)
            #expect(try column(day.text, "Dr Amina Benali").contains("Yasmine Kaci"))
            let karim = try column(day.text, "Dr Karim Haddad")
            #expect(karim.contains("Omar Ziani") && !karim.contains("Yasmine Kaci"))
            // Amina's account cannot add Karim's column.
            let amina = try await review.session(client, "amina")
            let hers = try await client.get("/review/calendar?doctor=amina-benali&doctor=karim-haddad&date=2026-12-01",
                                            headers: [.cookie: amina.cookie])
            #expect(!hers.text.contains("Omar Ziani"))
            // The free slot's link: the phone form filled in.
            let form = try await client.get("/review/new?doctor=amina-benali&date=2026-12-01&time=09:30", headers: [.cookie: amina.cookie])
            #expect(form.text.contains(#"<option value="amina-benali" selected>"#))
            #expect(form.text.contains(#"name="date" required value="2026-12-01""#) && form.text.contains(#"name="time" required value="09:30""#))
        }
    }
}
