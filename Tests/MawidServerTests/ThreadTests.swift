import Foundation
import Hummingbird
import HummingbirdTesting
import MawidBooking
@testable import MawidServer
import Testing

/// The thread between a patient and the practice: from the patient's page to /review and back, each side
/// told by email or SMS without the text; escaping; refusals that keep what was typed; closing; and access:
/// another practice, a wrong link.
@Suite struct ThreadTests {
    let review = ReviewTests()
    let notifications = NotificationRouteTests()

    @Test func aMessageGoesFromThePatientToThePracticeAndBackWithoutItsTextInAnyEmailOrSMS() async throws {
        let fixture = try ServerFixture()
        try review.makeAccounts(fixture)
        try await fixture.test(messages: true) { client, store throws in
            try AccountStore(database: store.database).setContact(login: "amina", email: "amina@clinic.dz", phone: "0661 00 00 01")
            let visit = try await notifications.book(client, store, time: "09:00", extra: #""email": "yasmine@example.dz""#)
            let secret = "J'ai une douleur <b>thoracique</b> & des palpitations"
            let sent = try await client.execute(uri: visit.page + "/messages", method: .post,
                                                headers: [.contentType: "application/x-www-form-urlencoded"],
                                                body: ByteBuffer(string: "message=" + secret.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!))
            #expect(sent.status == .seeOther)
            #expect(sent.headers[.location]?.hasSuffix("?done=message_sent#messages") == true)
            // The practice is told there is one: by email and SMS, a link, not the text.
            let told = try await store.outbox(bookingID: visit.id).filter { $0.kind == .patientMessage }
            #expect(Set(told.map(\.recipient)) == ["amina@clinic.dz", "+213661000001"])
            #expect(told.allSatisfy { !$0.body.contains("douleur") && !($0.subject ?? "").contains("douleur") })
            #expect(told.allSatisfy { $0.body.contains("/review/bookings/\(visit.id)") })

            let amina = try await review.session(client, "amina")
            let inbox = try await client.get("/review/", headers: [.cookie: amina.cookie])
            #expect(inbox.text.contains("<span class=\"badge\">1<span class=\"visually-hidden\">"))
            #expect(inbox.text.contains("href=\"/review/bookings/\(visit.id)#messages\">1 "))
            let card = try await client.get("/review/bookings/\(visit.id)", headers: [.cookie: amina.cookie])
            #expect(card.text.contains("J&#39;ai une douleur &lt;b&gt;thoracique&lt;/b&gt; &amp; des palpitations"))
            #expect(!card.text.contains("<b>thoracique"))
            // Seen: no longer counted.
            let after = try await client.get("/review/", headers: [.cookie: amina.cookie])
            #expect(!after.text.contains("class=\"badge\""))

            let reply = try await review.post(client, "/review/bookings/\(visit.id)/messages", amina, "message=Venez+%C3%A0+8h30.")
            #expect(reply.status == .seeOther)
            let toPatient = try await store.outbox(bookingID: visit.id).filter { $0.kind == .practiceMessage }
            #expect(Set(toPatient.map(\.recipient)) == ["yasmine@example.dz", "+213550123456"])
            #expect(toPatient.allSatisfy { !$0.body.contains("8h30") })
            // The link in the message opens the page, where the reply is, marked new once.
            let link = try notifications.patientPath(in: try #require(toPatient.first { $0.channel == .sms }).body)
            let page = try await client.get(link)
            #expect(page.text.contains("Venez à 8h30.") && page.text.contains(">nouveau</span>"))
            #expect(!(try await client.get(link)).text.contains(">nouveau</span>"))
            // The practice's own message is not "unread" for the practice.
            #expect(!(try await client.get("/review/", headers: [.cookie: amina.cookie])).text.contains("class=\"badge\""))
        }
    }

    @Test func aRefusedMessageIsShownAgainWithWhyAndAClosedThreadTakesNone() async throws {
        let fixture = try ServerFixture()
        try review.makeAccounts(fixture)
        try await fixture.test { client, store throws in
            let visit = try await notifications.book(client, store, time: "09:00")
            let long = String(repeating: "mot ", count: 600)
            let refused = try await client.execute(uri: visit.page + "/messages", method: .post,
                                                   headers: [.contentType: "application/x-www-form-urlencoded"],
                                                   body: ByteBuffer(string: "message=" + long.replacingOccurrences(of: " ", with: "+")))
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("2000 caractères au plus (il en a 2399)"))
            #expect(refused.text.contains(">\(long)</textarea>"))
            // A JSON client gets JSON.
            let json = try await client.postJSON(visit.page + "/messages", #"{"message": " "}"#)
            #expect(json.status == .unprocessableContent)
            #expect((json.json["error"] as? String)?.contains("vide") == true)
            #expect(try await client.postJSON(visit.page + "/messages", #"{"message": "Merci"}"#).status == .created)

            let amina = try await review.session(client, "amina")
            #expect(try await review.post(client, "/review/bookings/\(visit.id)/thread", amina, "close=1").status == .seeOther)
            let closed = try await client.execute(uri: visit.page + "/messages", method: .post,
                                                  headers: [.contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(string: "message=Encore"))
            #expect(closed.status == .conflict)
            #expect(closed.text.contains("Conversation fermée par le cabinet"))
            #expect(!closed.text.contains("<textarea"))
            #expect(try await review.post(client, "/review/bookings/\(visit.id)/messages", amina, "message=Oui").status == .conflict)
            #expect(try await review.post(client, "/review/bookings/\(visit.id)/thread", amina, "close=0").status == .seeOther)
            #expect(try await review.post(client, "/review/bookings/\(visit.id)/messages", amina, "message=Oui").status == .seeOther)
        }
    }

    @Test func onlyThePatientsLinkAndTheBookingsPracticeReachTheThread() async throws {
        let fixture = try ServerFixture()
        try review.makeAccounts(fixture)
        try await fixture.test { client, store throws in
            let visit = try await notifications.book(client, store, time: "09:00")
            _ = try await client.postJSON(visit.page + "/messages", #"{"message": "Mon dossier médical"}"#)
            let karim = try await review.session(client, "karim")
            let page = try await client.get("/review/bookings/\(visit.id)", headers: [.cookie: karim.cookie])
            #expect(page.status == .notFound && !page.text.contains("dossier"))
            #expect(try await review.post(client, "/review/bookings/\(visit.id)/messages", karim, "message=x").status == .notFound)
            #expect(try await review.post(client, "/review/bookings/\(visit.id)/thread", karim, "close=1").status == .notFound)
            #expect(try await review.post(client, "/review/bookings/\(visit.id)/messages", nil, "message=x").status == .seeOther)  // to the login
            // A forged or altered link: 404, nothing kept.
            let forged = visit.page.dropLast(3) + "xyz"
            #expect(try await client.postJSON(String(forged) + "/messages", #"{"message": "x"}"#).status == .notFound)
            #expect(try await client.get(String(forged)).status == .notFound)
            let amina = try await review.session(client, "amina")
            let card = try await client.get("/review/bookings/\(visit.id)", headers: [.cookie: amina.cookie])
            #expect(card.text.components(separatedBy: "class=\"message-body\"").count == 2)
        }
    }
}
