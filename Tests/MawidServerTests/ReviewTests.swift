import Foundation
import Hummingbird
import HummingbirdTesting
import MawidBooking
import MawidTestSupport
import Testing
@testable import MawidServer

/// The practice area: sign-in, sessions, CSRF, who sees what, the actions, the calendar feed,
/// and what the patient can do from their page.
@Suite struct ReviewTests {
    static let password = "correct horse battery"

    /// Accounts: `amina` (her own bookings), `karim` (his), `admin` (all).
    func makeAccounts(_ fixture: ServerFixture) throws {
        let accounts = AccountStore(database: try TestDatabases.open(path: fixture.database), hasher: PasswordHasher(cost: 4))
        _ = try accounts.add(login: "amina", password: Self.password, doctors: ["amina-benali"], isAdmin: false)
        _ = try accounts.add(login: "karim", password: Self.password, doctors: ["karim-haddad"], isAdmin: false)
        _ = try accounts.add(login: "admin", password: Self.password, doctors: [], isAdmin: true)
    }

    struct Session {
        let cookie: String
        let csrf: String
    }

    /// Signs in like a browser: fetch the form (token + cookie), post it, keep the session cookie.
    func signIn(_ client: any TestClientProtocol, _ login: String, password: String = ReviewTests.password) async throws -> TestResponse {
        let form = try await client.get("/review/login")
        let token = try #require(form.text.firstMatch(of: /name="csrf" value="([^"]+)"/)?.1)
        let cookie = try #require(form.headers[.setCookie]?.split(separator: ";").first)
        return try await client.execute(uri: "/review/login", method: .post, headers: [
            .contentType: "application/x-www-form-urlencoded", .cookie: String(cookie),
        ], body: ByteBuffer(string: "login=\(login)&password=\(password.replacingOccurrences(of: " ", with: "+"))&csrf=\(token)"))
    }

    func session(_ client: any TestClientProtocol, _ login: String) async throws -> Session {
        let response = try await signIn(client, login)
        #expect(response.status == .seeOther)
        let cookie = String(try #require(response.headers[.setCookie]?.split(separator: ";").first))
        let inbox = try await client.get("/review/", headers: [.cookie: cookie])
        let csrf = String(try #require(inbox.text.firstMatch(of: /name="csrf" value="([^"]+)"/)?.1))
        return Session(cookie: cookie, csrf: csrf)
    }

    func post(_ client: any TestClientProtocol, _ uri: String, _ session: Session?, _ body: String = "", csrf: String? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        if let session { headers[.cookie] = session.cookie }
        let token = csrf ?? session?.csrf ?? ""
        return try await client.execute(uri: uri, method: .post, headers: headers,
                                        body: ByteBuffer(string: "csrf=\(token)" + (body.isEmpty ? "" : "&" + body)))
    }

    func book(_ client: any TestClientProtocol, doctor: String = "amina-benali", time: String = "09:00") async throws -> [String: Any] {
        let response = try await client.postJSON("/api/bookings", bookingJSON(time: time, doctor: doctor))
        #expect(response.status == .created)
        return response.json
    }

    @Test func everyReviewPageNeedsASession() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client, _ throws in
            for path in ["/review/", "/review/calendar", "/review/new", "/review/messages", "/review/feeds", "/review/bookings/1",
                         "/review/outbox", "/review/account"] {
                let response = try await client.get(path)
                #expect(response.status == .seeOther, "\(path)")
                #expect(response.headers[.location] == "/review/login")
            }
            for path in ["/review/bookings/1/confirm", "/review/new", "/review/messages/1/handled", "/review/feeds/amina-benali", "/review/logout",
                         "/review/outbox/1/retry", "/review/account"] {
                #expect(try await post(client, path, nil).status == .seeOther, "\(path)")
            }
            let forged = try await client.get("/review/", headers: [.cookie: "mawid_session=forged"])
            #expect(forged.status == .seeOther)
        }
    }

    @Test func signInSetsAStrictHttpOnlySessionCookie() async throws {
        let fixture = try ServerFixture()
        try makeAccounts(fixture)
        try await fixture.test { client, _ throws in
            let response = try await signIn(client, "amina")
            #expect(response.status == .seeOther)
            let cookie = try #require(response.headers[.setCookie])
            #expect(cookie.hasPrefix("mawid_session="))
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Strict"))
            #expect(cookie.contains("Secure"))  // the fixture's public address is https
            #expect(cookie.contains("Path=/review"))
        }
    }

    @Test func wrongPasswordsLeadToALockout() async throws {
        let fixture = try ServerFixture()
        try makeAccounts(fixture)
        try await fixture.test { client, _ throws in
            for _ in 0..<4 {
                #expect(try await signIn(client, "amina", password: "wrong password!").status == .unauthorized)
            }
            // The fifth failure locks the login, and even the right password is refused.
            #expect(try await signIn(client, "amina", password: "wrong password!").status == .tooManyRequests)
            let locked = try await signIn(client, "amina")
            #expect(locked.status == .tooManyRequests)
            #expect(locked.headers[.retryAfter] != nil)
            fixture.clock.now += 16 * 60
            #expect(try await signIn(client, "amina").status == .seeOther)
        }
    }

    @Test func loginFormNeedsItsToken() async throws {
        let fixture = try ServerFixture()
        try makeAccounts(fixture)
        try await fixture.test { client, _ throws in
            let response = try await client.execute(uri: "/review/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                                    body: ByteBuffer(string: "login=amina&password=correct+horse+battery&csrf=guess"))
            #expect(response.status == .forbidden)
            #expect(response.headers[.setCookie]?.hasPrefix("mawid_session") != true)
        }
    }

    @Test func eachAccountSeesOnlyItsDoctors() async throws {
        let fixture = try ServerFixture()
        try makeAccounts(fixture)
        try await fixture.test { client, store throws in
            _ = try await book(client, doctor: "amina-benali")
            _ = try await book(client, doctor: "karim-haddad")
            let aminaID = try #require(try await store.bookings(doctors: ["amina-benali"], from: .init("2026-12-01")!, through: .init("2026-12-01")!).first?.id)
            let karimID = try #require(try await store.bookings(doctors: ["karim-haddad"], from: .init("2026-12-01")!, through: .init("2026-12-01")!).first?.id)
            let amina = try await session(client, "amina")
            let inbox = try await client.get("/review/", headers: [.cookie: amina.cookie])
            #expect(inbox.text.contains("/review/bookings/\(aminaID)"))
            #expect(!inbox.text.contains("/review/bookings/\(karimID)"))
            // Another doctor's booking by id: 404 on every route, and nothing changes.
            #expect(try await client.get("/review/bookings/\(karimID)", headers: [.cookie: amina.cookie]).status == .notFound)
            for action in ["confirm", "decline", "cancel", "done", "noshow", "propose"] {
                let response = try await post(client, "/review/bookings/\(karimID)/\(action)", amina, "reason=x&date=2026-12-08&time=09:00")
                #expect(response.status == .notFound, "\(action)")
            }
            #expect(try await store.booking(id: karimID, doctors: nil)?.status == .pending)
            let calendar = try await client.get("/review/calendar?doctor=karim-haddad&date=2026-12-01", headers: [.cookie: amina.cookie])
            #expect(!calendar.text.contains("/review/bookings/\(karimID)"))
            #expect(try await post(client, "/review/feeds/karim-haddad", amina).status == .notFound)
            let admin = try await session(client, "admin")
            let all = try await client.get("/review/", headers: [.cookie: admin.cookie])
            #expect(all.text.contains("/review/bookings/\(aminaID)") && all.text.contains("/review/bookings/\(karimID)"))
        }
    }

    @Test func actionsNeedTheSessionsCSRFToken() async throws {
        let fixture = try ServerFixture()
        try makeAccounts(fixture)
        try await fixture.test { client, store throws in
            _ = try await book(client)
            let id = try #require(try await store.inbox(doctors: nil, now: ServerFixture.now).first?.id)
            let amina = try await session(client, "amina")
            let admin = try await session(client, "admin")
            #expect(try await post(client, "/review/bookings/\(id)/confirm", amina, csrf: "").status == .forbidden)
            #expect(try await post(client, "/review/bookings/\(id)/confirm", amina, csrf: admin.csrf).status == .forbidden)
            #expect(try await store.booking(id: id, doctors: nil)?.status == .pending)
            let ok = try await post(client, "/review/bookings/\(id)/confirm", amina, "back=/review/")
            #expect(ok.status == .seeOther)
            #expect(ok.headers[.location] == "/review/?done=1")
            #expect(try await store.booking(id: id, doctors: nil)?.status == .confirmed)
        }
    }

    @Test func sessionsExpireAndEndAtLogout() async throws {
        let fixture = try ServerFixture()
        try makeAccounts(fixture)
        try await fixture.test { client, _ throws in
            let amina = try await session(client, "amina")
            fixture.clock.now += 9 * 3600
            #expect(try await client.get("/review/", headers: [.cookie: amina.cookie]).status == .seeOther)
            let again = try await session(client, "amina")
            #expect(try await post(client, "/review/logout", again).status == .seeOther)
            #expect(try await client.get("/review/", headers: [.cookie: again.cookie]).status == .seeOther)
        }
    }

    @Test func confirmThenPatientSeesItAndCancelsFreeingTheSlot() async throws {
        let fixture = try ServerFixture()
        try makeAccounts(fixture)
        try await fixture.test { client, store throws in
            let created = try await book(client, time: "14:00")
            let manage = try #require((created["manageURL"] as? String)?.replacingOccurrences(of: "https://test.example.dz", with: ""))
            let id = try #require(try await store.inbox(doctors: nil, now: ServerFixture.now).first?.id)
            let amina = try await session(client, "amina")
            #expect(try await post(client, "/review/bookings/\(id)/confirm", amina).status == .seeOther)
            let page = try await client.get(manage)
            #expect(page.text.contains("status-confirmed"))
            let ics = try await client.get(manage + "/visit.ics")
            #expect(ics.headers[.contentType]?.hasPrefix("text/calendar") == true)
            #expect(ics.text.contains("DTSTART:20261201T130000Z"))  // 14:00 in Algiers
            #expect(ics.text.contains("STATUS:CONFIRMED"))
            let cancel = try await client.execute(uri: manage + "/cancel", method: .post)
            #expect(cancel.status == .seeOther)
            #expect(try await client.get(manage).text.contains("status-cancelled"))
            let slots = try await client.get("/api/doctors/amina-benali/slots?from=2026-12-01&days=1")
            #expect(slots.text.contains("\"time\":\"14:00\""))
            let history = try await store.audit(bookingID: id).map { "\($0.actor) \($0.action) \($0.to.rawValue)" }
            #expect(history == ["patient create pending", "amina confirm confirmed", "patient patientCancel cancelled"])
        }
    }

    @Test func patientCannotChangeWithinTheCutoff() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client, store throws in
            // 08:00 now, visit at 09:00: within the 2-hour cutoff.
            let created = try await book(client, time: "09:00")
            let manage = try #require((created["manageURL"] as? String)?.replacingOccurrences(of: "https://test.example.dz", with: ""))
            let response = try await client.execute(uri: manage + "/cancel", method: .post)
            #expect(response.headers[.location]?.hasSuffix("?error=1") == true)
            #expect(try await store.countBookings(status: .pending) == 1)
            #expect(try await client.get(manage).text.contains("tel:"))
        }
    }

    @Test func proposalIsAcceptedByThePatient() async throws {
        let fixture = try ServerFixture()
        try makeAccounts(fixture)
        try await fixture.test { client, store throws in
            let created = try await book(client, time: "14:00")
            let manage = try #require((created["manageURL"] as? String)?.replacingOccurrences(of: "https://test.example.dz", with: ""))
            let id = try #require(try await store.inbox(doctors: nil, now: ServerFixture.now).first?.id)
            let amina = try await session(client, "amina")
            #expect(try await post(client, "/review/bookings/\(id)/propose", amina, "date=2026-12-06&time=10:00").headers[.location]?.hasSuffix("done=1") == true)
            let page = try await client.get(manage)
            #expect(page.text.contains("status-proposed"))
            #expect(page.text.contains("10:00"))
            #expect(try await client.execute(uri: manage + "/accept", method: .post).status == .seeOther)
            let booking = try #require(try await store.booking(id: id, doctors: nil))
            #expect(booking.status == .confirmed)
            #expect(booking.request.slot.description.contains("2026-12-06"))
            // The old slot is free again, the new one is held.
            let slots = try await client.get("/api/doctors/amina-benali/slots?from=2026-12-01&days=6").text
            #expect(slots.contains("{\"date\":\"2026-12-01\",\"time\":\"14:00\"}"))
            #expect(!slots.contains("{\"date\":\"2026-12-06\",\"time\":\"10:00\"}"))
        }
    }

    @Test func doneBeforeTheVisitIsRefused() async throws {
        let fixture = try ServerFixture()
        try makeAccounts(fixture)
        try await fixture.test { client, store throws in
            _ = try await book(client, time: "14:00")
            let id = try #require(try await store.inbox(doctors: nil, now: ServerFixture.now).first?.id)
            let amina = try await session(client, "amina")
            _ = try await post(client, "/review/bookings/\(id)/confirm", amina)
            let early = try await post(client, "/review/bookings/\(id)/done", amina)
            #expect(early.headers[.location]?.contains("error=not_passed") == true)
            fixture.clock.now += 7 * 3600  // 15:00
            let late = try await post(client, "/review/bookings/\(id)/done", amina)
            #expect(late.headers[.location]?.hasSuffix("done=1") == true)
            #expect(try await store.booking(id: id, doctors: nil)?.status == .done)
        }
    }

    @Test func phoneBookingHoldsTheSlot() async throws {
        let fixture = try ServerFixture()
        try makeAccounts(fixture)
        try await fixture.test { client, store throws in
            let amina = try await session(client, "amina")
            let response = try await post(client, "/review/new", amina,
                                          "doctor=amina-benali&date=2026-12-01&time=14:30&name=Ali+Bey&phone=0661+22+33+44")
            #expect(response.status == .seeOther)
            #expect(try await store.countBookings(status: .confirmed) == 1)
            #expect(try await client.postJSON("/api/bookings", bookingJSON(time: "14:30")).status == .conflict)
            let other = try await post(client, "/review/new", amina, "doctor=karim-haddad&date=2026-12-01&time=09:00&name=X&phone=0661223344")
            #expect(other.status == .notFound)
        }
    }

    @Test func calendarFeedShowsConfirmedVisitsUntilRotated() async throws {
        let fixture = try ServerFixture()
        try makeAccounts(fixture)
        try await fixture.test { client, store throws in
            _ = try await book(client, time: "14:00")
            let id = try #require(try await store.inbox(doctors: nil, now: ServerFixture.now).first?.id)
            let amina = try await session(client, "amina")
            _ = try await post(client, "/review/bookings/\(id)/confirm", amina)
            let page = try await post(client, "/review/feeds/amina-benali", amina)
            let url = String(try #require(page.text.firstMatch(of: /value="(https:[^"]+\.ics)"/)?.1))
            let path = url.replacingOccurrences(of: "https://test.example.dz", with: "")
            let feed = try await client.get(path)
            #expect(feed.status == .ok)
            #expect(feed.text.hasPrefix("BEGIN:VCALENDAR\r\n"))
            #expect(feed.text.contains("BEGIN:VEVENT\r\n"))
            #expect(feed.text.contains("Yasmine Kaci"))
            #expect(feed.text.hasSuffix("END:VCALENDAR\r\n"))
            #expect(feed.text.split(separator: "\r\n").allSatisfy { $0.utf8.count <= 75 })
            _ = try await post(client, "/review/feeds/amina-benali", amina)
            #expect(try await client.get(path).status == .notFound)
        }
    }

    @Test func contactMessagesCanBeMarkedHandled() async throws {
        let fixture = try ServerFixture()
        try makeAccounts(fixture)
        try await fixture.test { client, store throws in
            try await client.postJSON("/api/contact", "{\"name\": \"Rachid\", \"email\": \"r@example.dz\", \"message\": \"Horaires ?\"}")
            let admin = try await session(client, "admin")
            let page = try await client.get("/review/messages", headers: [.cookie: admin.cookie])
            #expect(page.text.contains("Horaires ?"))
            let id = try #require(try await store.contactMessages(includeHandled: true).first?.id)
            #expect(try await post(client, "/review/messages/\(id)/handled", admin).status == .seeOther)
            #expect(try await store.contactMessages(includeHandled: false).isEmpty)
        }
    }
}
