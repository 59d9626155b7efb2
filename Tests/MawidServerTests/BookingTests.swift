import Foundation
import Hummingbird
import HummingbirdTesting
import MawidBooking
import Testing
@testable import MawidServer

/// `POST /api/bookings`: stored as pending, one winner per slot, clear field errors, nothing lost.
@Suite struct BookingTests {
    @Test func jsonBookingIsStoredAndAnswered201() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client, store throws in
            let response = try await client.postJSON("/api/bookings", bookingJSON())
            #expect(response.status == .created)
            let reference = try #require(response.json["reference"] as? String)
            #expect(reference.wholeMatch(of: /[A-Z0-9]{4}-[A-Z0-9]{4}/) != nil)
            #expect(response.json["status"] as? String == "pending")
            let url = try #require(response.json["manageURL"] as? String)
            #expect(url.hasPrefix("https://test.example.dz/api/b/"))
            #expect(try await store.countBookings(status: .pending) == 1)
            let stored = try #require(try await store.booking(reference: reference))
            #expect(stored.request.phone == "+213550123456")
            #expect(stored.request.patientName == "Yasmine Kaci")
        }
    }

    @Test func secondBookingOfASlotIsRefusedWithSuggestions() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client, store throws in
            #expect(try await client.postJSON("/api/bookings", bookingJSON()).status == .created)
            let second = try await client.postJSON("/api/bookings", bookingJSON(name: "Other", phone: "0661 00 00 00"))
            #expect(second.status == .conflict)
            #expect((second.json["fields"] as? [String: String])?["time"] != nil)
            let suggestions = try #require(second.json["suggestions"] as? [[String: String]])
            #expect(suggestions.first == ["date": "2026-12-01", "time": "09:30"])
            #expect(try await store.countBookings() == 1)
        }
    }

    @Test func raceForOneSlotHasExactlyOneWinner() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client, store throws in
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for i in 0..<40 {
                    group.addTask {
                        let phone = String(format: "0550 00 00 %02d", i)
                        return Int(try await client.postJSON("/api/bookings", bookingJSON(phone: phone)).status.code)
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == 201 }.count == 1)
            #expect(statuses.filter { $0 == 409 }.count == 39)
            #expect(try await store.countBookings() == 1)
        }
    }

    /// The database stops answering (here: closed): a booking gets 503 and Retry-After, nothing is booked, and a
    /// form post gets the doctor's page back with what was typed and why.
    @Test func aDatabaseThatDoesNotAnswerIsA503ThatKeepsTheForm() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client, store throws in
            try store.database.close()
            let json = try await client.postJSON("/api/bookings", bookingJSON())
            #expect(json.status == .serviceUnavailable)
            #expect(json.headers[.retryAfter] == "30")
            #expect((json.json["error"] as? String)?.contains("nothing was booked") == true)
            let form = try await client.postForm("/api/bookings", bookingForm(["lang": "fr"]))
            #expect(form.status == .serviceUnavailable)
            #expect(form.text.contains("rien n’a été réservé"))
            #expect(form.text.contains("value=\"Yasmine Kaci\""))
        }
    }

    @Test func formPostRedirectsToThePatientPage() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client, store throws in
            let response = try await client.postForm("/api/bookings", bookingForm(["lang": "ar"]))
            #expect(response.status == .seeOther)
            let location = try #require(response.headers[.location])
            #expect(location.hasPrefix("/api/b/"))
            let page = try await client.get(location)
            #expect(page.status == .ok)
            #expect(page.text.contains("<html lang=\"ar\" dir=\"rtl\""))
            #expect(page.text.contains("Dr Amina Benali"))
            #expect(page.headers[.init("Referrer-Policy")!] == "no-referrer")
            let reference = try #require(page.text.firstMatch(of: /class="ref">([A-Z0-9-]+)</)?.1)
            #expect(try await store.booking(reference: String(reference)) != nil)
            #expect(try await client.get("/api/b/not-a-real-token").status == .notFound)
        }
    }

    @Test(arguments: [
        ("consent", "{\"doctor\":\"amina-benali\",\"date\":\"2026-12-01\",\"time\":\"09:00\",\"name\":\"A\",\"phone\":\"0550123456\"}"),
        ("phone", bookingJSON(phone: "12-34")),
        ("time", bookingJSON(time: "09:10")),
        ("time", bookingJSON(time: "12:00")),
        ("date", bookingJSON(date: "2026-12-02")),
        ("date", bookingJSON(date: "2026-11-29")),
        ("date", bookingJSON(date: "2027-06-01")),
        ("date", bookingJSON(date: "2026-13-01")),
        ("name", bookingJSON(name: String(repeating: "x", count: 101))),
        ("name", bookingJSON(name: "")),
        ("email", bookingJSON(extra: "\"email\": \"not-an-email\"")),
        ("relative_name", bookingJSON(extra: "\"for\": \"relative\"")),
    ])
    func invalidFieldsAre422WithTheField(_ field: String, _ body: String) async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client, store throws in
            let response = try await client.postJSON("/api/bookings", body)
            #expect(response.status == .unprocessableContent)
            let fields = try #require(response.json["fields"] as? [String: String])
            #expect(fields[field] != nil, "no error for \(field): \(fields)")
            #expect(try await store.countBookings() == 0)
        }
    }

    @Test func unknownOrDraftDoctorIsAFieldError() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client, _ throws in
            for slug in ["nobody", "hidden"] {
                let body = bookingJSON().replacingOccurrences(of: "amina-benali", with: slug)
                let response = try await client.postJSON("/api/bookings", body)
                #expect(response.status == .unprocessableContent)
                #expect((response.json["fields"] as? [String: String])?["doctor"] != nil)
            }
        }
    }

    @Test func formErrorsShowTheFormAgainWithWhatWasTyped() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client, store throws in
            let response = try await client.postForm("/api/bookings",
                                                      bookingForm(["phone": "12", "name": "Yasmine <Kaci>", "consent": "", "reason": "Douleur & fatigue"]))
            #expect(response.status == .unprocessableContent)
            let html = response.text
            #expect(html.contains("<html lang=\"fr\""))
            #expect(html.contains("value=\"Yasmine &lt;Kaci&gt;\""))
            #expect(html.contains("Douleur &amp; fatigue"))
            #expect(html.contains("Numéro invalide"))  // French message for invalid_phone
            #expect(html.contains("Cochez la case"))   // consent_required
            #expect(html.contains("aria-invalid=\"true\""))
            #expect(try await store.countBookings() == 0)
        }
    }

    @Test func formConflictOffersOtherTimes() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client, _ throws in
            #expect(try await client.postForm("/api/bookings", bookingForm([:])).status == .seeOther)
            let response = try await client.postForm("/api/bookings", bookingForm(["phone": "0661 11 22 33"]))
            #expect(response.status == .conflict)
            #expect(response.text.contains("09:30"))
            #expect(response.text.contains("value=\"0661 11 22 33\""))
        }
    }

    @Test func honeypotLooksAcceptedButStoresNothing() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client, store throws in
            let response = try await client.postJSON("/api/bookings", bookingJSON(extra: "\"website\": \"http://spam.example\""))
            #expect(response.status == .created)
            #expect(response.json["reference"] is String)
            #expect(try await store.countBookings() == 0)
        }
    }

    @Test func oversizedUnsupportedAndInvalidBodies() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client, store throws in
            let big = bookingJSON(extra: "\"reason\": \"\(String(repeating: "a", count: 17_000))\"")
            #expect(try await client.postJSON("/api/bookings", big).status == .contentTooLarge)
            let text = try await client.execute(uri: "/api/bookings", method: .post, headers: [.contentType: "text/plain"],
                                                body: ByteBuffer(string: "hello"))
            #expect(text.status == .unsupportedMediaType)
            #expect(try await client.postForm("/api/bookings", bookingForm([:]) + "&name=%FF%FE").status == .badRequest)
            var invalid = ByteBuffer(string: "{\"doctor\": \"")
            invalid.writeBytes([0xC3, 0x28])
            invalid.writeString("\"}")
            let response = try await client.execute(uri: "/api/bookings", method: .post,
                                                    headers: [.contentType: "application/json"], body: invalid)
            #expect(response.status == .badRequest)
            #expect(try await client.postJSON("/api/bookings", "[1, 2]").status == .badRequest)
            #expect(try await store.countBookings() == 0)
        }
    }

    @Test func bookingsSurviveARestart() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client, _ throws in
            #expect(try await client.postJSON("/api/bookings", bookingJSON()).status == .created)
        }
        try await fixture.test { client, store throws in
            #expect(try await store.countBookings() == 1)
            #expect(try await client.postJSON("/api/bookings", bookingJSON(phone: "0661 00 00 00")).status == .conflict)
        }
    }

    @Test func patientDataIsNeverLogged() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client, _ throws in
            try await client.postJSON("/api/bookings", bookingJSON(name: "Zoubida Secretname", phone: "0770 98 76 54"))
            try await client.postForm("/api/bookings", bookingForm(["name": "Zoubida Secretname", "phone": "1"]))
            try await client.postJSON("/api/contact", "{\"name\": \"Zoubida Secretname\", \"phone\": \"0770 98 76 54\", \"message\": \"Mal au dos\"}")
        }
        for secret in ["Secretname", "0770", "98 76 54", "+213770987654", "Mal au dos"] {
            #expect(!fixture.logs.text.contains(secret))
        }
    }
}
