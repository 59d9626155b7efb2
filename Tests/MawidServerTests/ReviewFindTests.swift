import Foundation
import Hummingbird
import HummingbirdTesting
import MawidBooking
import Testing
@testable import MawidServer

/// The search box on every /review page and the patient's file: what the office finds, and what it may not.
@Suite struct ReviewFindTests {
    let review = ReviewTests()

    func find(_ client: any TestClientProtocol, _ session: ReviewTests.Session, _ text: String) async throws -> TestResponse {
        let query = text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
        return try await review.post(client, "/review/find", session, "q=\(query)")
    }

    @Test func theSearchBoxFindsByNameOrPhoneAndOpensAReference() async throws {
        let fixture = try ServerFixture()
        try review.makeAccounts(fixture)
        try await fixture.test { client, store throws in
            let first = try await client.postJSON("/api/bookings", bookingJSON(time: "09:00", name: "Amélie Benali", phone: "0555 12 34 56"))
            let second = try await client.postJSON("/api/bookings", bookingJSON(time: "09:30", name: "Omar Ziani", phone: "0661 23 45 67"))
            #expect(first.status == .created && second.status == .created)
            #expect(try await find(client, try await review.session(client, "amina"), "ziani").text.contains("Omar Ziani"))
            let reference = try #require(first.json["reference"] as? String)
            let amina = try await review.session(client, "amina")
            // The box is on every page.
            #expect(try await client.get("/review/calendar", headers: [.cookie: amina.cookie]).text.contains(#"action="/review/find""#))
            let byName = try await find(client, amina, "amelie")
            #expect(byName.status == .ok)
            #expect(byName.text.contains("Amélie Benali") && !byName.text.contains("Omar Ziani"))
            #expect(byName.text.contains(reference))
            let byPhone = try await find(client, amina, "+213 555 12 34 56")
            #expect(byPhone.text.contains("Amélie Benali") && !byPhone.text.contains("Omar Ziani"))
            let opened = try await find(client, amina, reference.lowercased().replacingOccurrences(of: "-", with: ""))
            let id = try #require(try await store.booking(reference: reference)?.id)
            #expect(opened.status == .seeOther)
            #expect(opened.headers[.location] == "/review/bookings/\(id)")
            let none = try await find(client, amina, "nobody here")
            #expect(none.text.contains("Aucun rendez-vous trouvé"))
            let short = try await find(client, amina, "am")
            #expect(short.text.contains("au moins 3 lettres"))
            // What was typed is shown back, escaped.
            let script = try await find(client, amina, "<script>x")
            #expect(script.text.contains("value=\"&lt;script&gt;x\"") && !script.text.contains("<script>x"))
        }
    }

    @Test func searchAndPatientFilesStayWithinTheAccountsDoctors() async throws {
        let fixture = try ServerFixture()
        try review.makeAccounts(fixture)
        try await fixture.test { client, store throws in
            let mine = try await client.postJSON("/api/bookings", bookingJSON(time: "09:00", name: "Karim Benali"))
            let theirs = try await client.postJSON("/api/bookings", bookingJSON(time: "09:00", name: "Karim Benali", doctor: "karim-haddad"))
            let theirReference = try #require(theirs.json["reference"] as? String)
            let theirID = try #require(try await store.booking(reference: theirReference)?.id)
            let myReference = try #require(mine.json["reference"] as? String)
            let myID = try #require(try await store.booking(reference: myReference)?.id)
            let amina = try await review.session(client, "amina")
            let found = try await find(client, amina, "benali")
            #expect(found.text.contains("/review/bookings/\(myID)") && !found.text.contains("/review/bookings/\(theirID)"))
            let reference = try await find(client, amina, theirReference)
            #expect(reference.status == .ok && !reference.text.contains("/review/bookings/\(theirID)"))
            #expect(try await client.get("/review/bookings/\(theirID)/patient", headers: [.cookie: amina.cookie]).status == .notFound)
            // Her own booking's file lists only her doctor's bookings of that number.
            let file = try await client.get("/review/bookings/\(myID)/patient", headers: [.cookie: amina.cookie])
            #expect(file.status == .ok)
            #expect(file.text.contains("+213550123456") && file.text.contains("/review/bookings/\(myID)"))
            #expect(!file.text.contains("/review/bookings/\(theirID)"))
            let admin = try await review.session(client, "admin")
            let all = try await client.get("/review/bookings/\(myID)/patient", headers: [.cookie: admin.cookie])
            #expect(all.text.contains("/review/bookings/\(theirID)"))
            // No session, no search; a forged token, no search.
            #expect(try await review.post(client, "/review/find", nil, "q=benali").status == .seeOther)
            #expect(try await review.post(client, "/review/find", amina, "q=benali", csrf: "forged").status == .forbidden)
            #expect(try await client.get("/review/bookings/\(myID)/patient").status == .seeOther)
        }
    }
}
