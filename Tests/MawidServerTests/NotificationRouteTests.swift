import Foundation
import MawidDelivery
import Hummingbird
import HummingbirdTesting
import MawidBooking
import Testing
@testable import MawidServer

/// Messages on, through HTTP: the reminder's link and "I will come" seen by the doctor, the waitlist and
/// offers of freed slots, the practice's view of its emails and SMS, and its notification settings.
@Suite struct NotificationRouteTests {
    let review = ReviewTests()

    /// Books `time` on `date` as JSON; returns the booking's id and the local path of its page.
    func book(_ client: any TestClientProtocol, _ store: BookingStore, date: String = "2026-12-06", time: String,
              phone: String = "0550 12 34 56", doctor: String = "amina-benali", extra: String = "") async throws -> (id: Int64, page: String) {
        let response = try await client.postJSON("/api/bookings", bookingJSON(date: date, time: time, phone: phone, doctor: doctor, extra: extra))
        #expect(response.status == .created)
        let manage = try #require(response.json["manageURL"] as? String)
        let reference = try #require(response.json["reference"] as? String)
        let booking = try #require(try await store.booking(reference: reference))
        return (booking.id, manage.replacingOccurrences(of: "https://test.example.dz", with: ""))
    }

    /// The local path of the first link to a patient page in `text`.
    func patientPath(in text: String) throws -> String {
        let link = try #require(text.firstMatch(of: /https:\/\/test\.example\.dz(\/api\/b\/[A-Za-z0-9_.\-]+)/))
        return String(link.1)
    }

    func post(_ client: any TestClientProtocol, _ path: String) async throws -> TestResponse {
        try await client.execute(uri: path, method: .post)
    }

    @Test func theReminderLeadsToIWillComeWhichTheDoctorSees() async throws {
        let fixture = try ServerFixture()
        try review.makeAccounts(fixture)
        try await fixture.test(messages: true) { client, store throws in
            let visit = try await book(client, store, time: "10:00", extra: #""email": "yasmine@example.dz", "lang": "ar""#)
            let amina = try await review.session(client, "amina")
            #expect(try await review.post(client, "/review/bookings/\(visit.id)/confirm", amina).status == .seeOther)

            // The reminder is a scheduled row, 48 hours before the visit, in the patient's language.
            let reminders = try await store.outbox(bookingID: visit.id).filter { $0.kind == .reminder }
            #expect(reminders.map(\.channel).sorted { $0.rawValue < $1.rawValue } == [.email, .sms])
            let sms = try #require(reminders.first { $0.channel == .sms })
            #expect(sms.language == "ar" && sms.body.hasPrefix("تذكير"))
            #expect(sms.nextAttemptAt == Date(timeIntervalSince1970: 1_796_547_600 - 48 * 3600))  // 2026-12-06 09:00 UTC, less 48 h
            let page = try patientPath(in: sms.body)

            let before = try await client.get(page)
            #expect(before.status == .ok)
            #expect(before.text.contains("action=\"\(page)/attend\""))
            let attend = try await post(client, page + "/attend")
            #expect(attend.status == .seeOther)
            #expect(attend.headers[.location] == page + "?done=attending")
            let after = try await client.get(page + "?done=attending")
            #expect(after.text.contains("class=\"notice-box attending\""))
            #expect(!after.text.contains("/attend\""))
            #expect(try await store.booking(id: visit.id, doctors: nil)?.attendance == .confirmed)

            let calendar = try await client.get("/review/calendar?doctor=amina-benali&view=day&date=2026-12-06", headers: [.cookie: amina.cookie])
            #expect(calendar.text.contains("status-attending"))
            let bookingPage = try await client.get("/review/bookings/\(visit.id)", headers: [.cookie: amina.cookie])
            #expect(bookingPage.text.contains("status-attending"))
            #expect(bookingPage.text.contains("confirmAttendance"))
        }
    }

    @Test func onlyAConfirmedVisitNotStartedCanBeAttended() async throws {
        let fixture = try ServerFixture()
        try review.makeAccounts(fixture)
        try await fixture.test(messages: true) { client, store throws in
            let pending = try await book(client, store, time: "11:00")
            #expect(try await post(client, pending.page + "/attend").headers[.location] == pending.page + "?error=1")
            #expect(try await !client.get(pending.page).text.contains("/attend\""))
            let visit = try await book(client, store, date: "2026-12-01", time: "09:00", phone: "0661 22 33 44")
            let amina = try await review.session(client, "amina")
            _ = try await review.post(client, "/review/bookings/\(visit.id)/confirm", amina)
            fixture.clock.now = ServerFixture.now.addingTimeInterval(3600)  // 09:00: the visit has started
            #expect(try await post(client, visit.page + "/attend").headers[.location] == visit.page + "?error=1")
            #expect(try await store.booking(id: visit.id, doctors: nil)?.attendance == nil)
        }
    }

    @Test func aWaitingPatientTakesAFreedSlotOverHTTP() async throws {
        let fixture = try ServerFixture()
        try await fixture.test(messages: true) { client, store throws in
            let early = try await book(client, store, time: "09:00")
            let late = try await book(client, store, time: "11:00", phone: "0661 22 33 44")
            let join = try await post(client, late.page + "/waitlist")
            #expect(join.headers[.location] == late.page + "?done=waiting")
            #expect(try await client.get(late.page).text.contains("action=\"\(late.page)/leave-waitlist\""))

            #expect(try await post(client, early.page + "/cancel").headers[.location] == early.page + "?done=cancelled")
            let offer = try #require(try await store.offers(bookingID: late.id).first)
            #expect(offer.state == .open && offer.slot.time.description == "09:00")
            // The SMS links to the page with the offer, which shows it with its deadline (2 hours from now).
            let sms = try #require(try await store.outbox(bookingID: late.id).first { $0.kind == .offer && $0.channel == .sms })
            #expect(sms.body.contains("?offer=\(offer.id)"))
            let page = try await client.get(late.page + "?offer=\(offer.id)")
            #expect(page.text.contains("action=\"\(late.page)/offers/\(offer.id)/accept\""))
            #expect(page.text.contains("<span dir=\"ltr\">10:00</span>"))

            let accept = try await post(client, late.page + "/offers/\(offer.id)/accept")
            #expect(accept.headers[.location] == late.page + "?done=offer_taken")
            let moved = try #require(try await store.booking(id: late.id, doctors: nil))
            #expect(moved.request.slot.time.description == "09:00" && moved.status == .pending)
            let slots = try await client.get("/api/doctors/amina-benali/slots?from=2026-12-06&days=1").text
            #expect(!slots.contains("\"time\":\"09:00\"") && slots.contains("\"time\":\"11:00\""))

            // The offer is gone: the link says so, answering again is refused, and another booking cannot answer it.
            #expect(try await client.get(late.page + "?offer=\(offer.id)").text.contains("n’est plus disponible"))
            #expect(try await post(client, late.page + "/offers/\(offer.id)/decline").headers[.location] == late.page + "?error=offer")
            #expect(try await post(client, early.page + "/offers/\(offer.id)/accept").headers[.location] == early.page + "?error=offer")
            #expect(try await post(client, late.page + "/offers/\(offer.id)/maybe").status == .notFound)
        }
    }

    @Test func declinedOfferGoesToTheNextPatientAndTheCutoffApplies() async throws {
        let fixture = try ServerFixture()
        try await fixture.test(messages: true) { client, store throws in
            let early = try await book(client, store, time: "09:00")
            let middle = try await book(client, store, time: "10:00", phone: "0661 22 33 44")
            let late = try await book(client, store, time: "11:00", phone: "0770 11 22 33")
            for waiting in [middle, late] { _ = try await post(client, waiting.page + "/waitlist") }
            _ = try await post(client, early.page + "/cancel")
            // The latest booking is offered first; declining passes the slot on.
            let first = try #require(try await store.offers(bookingID: late.id).first)
            #expect(try await post(client, late.page + "/offers/\(first.id)/decline").headers[.location] == late.page + "?done=offer_declined")
            #expect(try await store.offers(bookingID: middle.id).first?.state == .open)
            // Leaving the waitlist closes the open offer, which goes on (to nobody left here).
            #expect(try await post(client, middle.page + "/leave-waitlist").headers[.location] == middle.page + "?done=not_waiting")
            #expect(try await store.offers(bookingID: middle.id).first?.state == .declined)
            #expect(try await !store.isWaiting(bookingID: middle.id))

            // Within 2 hours of the visit the patient can no longer wait for another slot.
            let soon = try await book(client, store, date: "2026-12-01", time: "09:30", phone: "0551 00 00 00")
            #expect(try await post(client, soon.page + "/waitlist").headers[.location] == soon.page + "?error=1")
            #expect(try await !store.isWaiting(bookingID: soon.id))
            #expect(try await !client.get(soon.page).text.contains("/waitlist\""))
        }
    }

    /// Fails every send for good (e.g. a gateway answering 400).
    struct RefusingChannel: MessageChannel {
        func send(_ message: OutgoingMessage) async throws { throw DeliveryError("the SMS gateway answered 400", permanent: true) }
    }

    @Test func theOutboxShowsOnlyTheAccountsBookingsMaskedAndRetriesFailedOnes() async throws {
        let fixture = try ServerFixture()
        try review.makeAccounts(fixture)
        try await fixture.test(messages: true) { client, store throws in
            let mine = try await book(client, store, time: "10:00")
            let theirs = try await book(client, store, date: "2026-12-01", time: "11:00", phone: "0661 22 33 44", doctor: "karim-haddad")
            let worker = OutboxWorker(store: store, settings: NotificationSettings(), channels: [.sms: RefusingChannel()])
            try await worker.runOnce(now: ServerFixture.now)
            let myMessage = try #require(try await store.outbox(bookingID: mine.id).first)
            let theirMessage = try #require(try await store.outbox(bookingID: theirs.id).first)
            #expect(myMessage.state == .failed && theirMessage.state == .failed)
            let myReference = try #require(try await store.booking(id: mine.id, doctors: nil)?.reference)
            let theirReference = try #require(try await store.booking(id: theirs.id, doctors: nil)?.reference)

            let amina = try await review.session(client, "amina")
            let page = try await client.get("/review/outbox", headers: [.cookie: amina.cookie])
            #expect(page.status == .ok)
            #expect(page.text.contains(myReference) && !page.text.contains(theirReference))
            #expect(page.text.contains("+2135******56") && !page.text.contains("+213550123456"))
            let token = try patientPath(in: myMessage.body).replacingOccurrences(of: "/api/b/", with: "")
            #expect(page.text.contains("/api/b/…") && !page.text.contains(token))
            #expect(page.text.contains("the SMS gateway answered 400"))
            #expect(page.text.contains("action=\"/review/outbox/\(myMessage.id)/retry\""))
            let admin = try await review.session(client, "admin")
            let all = try await client.get("/review/outbox", headers: [.cookie: admin.cookie]).text
            #expect(all.contains(myReference) && all.contains(theirReference))

            // Retrying: another doctor's message is not found, a missing token is refused, then it goes back to pending.
            #expect(try await review.post(client, "/review/outbox/\(theirMessage.id)/retry", amina).status == .notFound)
            #expect(try await review.post(client, "/review/outbox/\(myMessage.id)/retry", amina, csrf: "").status == .forbidden)
            #expect(try await review.post(client, "/review/outbox/\(myMessage.id)/retry", amina, csrf: admin.csrf).status == .forbidden)
            #expect(try await store.outbox(bookingID: mine.id).first?.state == .failed)
            let retry = try await review.post(client, "/review/outbox/\(myMessage.id)/retry", amina)
            #expect(retry.headers[.location] == "/review/outbox?done=1")
            #expect(try await store.outbox(bookingID: mine.id).first?.state == .pending)
            #expect(try await store.outbox(bookingID: theirs.id).first?.state == .failed)
            #expect(!fixture.logs.text.contains("0550") && !fixture.logs.text.contains("213550123456"))
        }
    }

    @Test func eachAccountSetsWhereItIsNotified() async throws {
        let fixture = try ServerFixture()
        try review.makeAccounts(fixture)
        try await fixture.test(messages: true) { client, store throws in
            let amina = try await review.session(client, "amina")
            let page = try await client.get("/review/account", headers: [.cookie: amina.cookie])
            #expect(page.text.contains("name=\"notify\" value=\"immediate\" checked"))
            #expect(try await review.post(client, "/review/account", amina, "email=amina%40clinic.dz&phone=0661+00+00+01&notify=digest",
                                          csrf: "").status == .forbidden)
            let bad = try await review.post(client, "/review/account", amina, "email=%3Cb%3E&phone=0661+00+00+01&notify=digest")
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("value=\"&lt;b&gt;\""))
            #expect(bad.text.contains("Adresse e-mail invalide"))
            let saved = try await review.post(client, "/review/account", amina, "email=amina%40clinic.dz&phone=0661+00+00+01&notify=immediate")
            #expect(saved.headers[.location] == "/review/account?done=1")
            let accounts = AccountStore(database: store.database)
            let account = try #require(try accounts.account(login: "amina"))
            #expect(account.email == "amina@clinic.dz" && account.phone == "+213661000001" && account.notify == .immediate)

            // A new request now reaches her by email and SMS; karim's doctor's requests do not.
            let visit = try await book(client, store, time: "10:00")
            let toPractice = try await store.outbox(bookingID: visit.id).filter { $0.kind == .newRequest }
            #expect(Set(toPractice.map(\.recipient)) == ["amina@clinic.dz", "+213661000001"])
            let other = try await book(client, store, date: "2026-12-01", time: "11:00", doctor: "karim-haddad")
            #expect(try await store.outbox(bookingID: other.id).allSatisfy { $0.kind != .newRequest })

            let admin = try await review.session(client, "admin")
            #expect(try await client.get("/review/account", headers: [.cookie: admin.cookie]).text.contains("notice-box"))
        }
    }
}
