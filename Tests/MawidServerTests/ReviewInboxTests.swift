import Foundation
import Hummingbird
import HummingbirdTesting
import MawidBooking
import Testing
@testable import MawidServer

/// The inbox's filters (doctor, status) and confirming several requests at once.
@Suite struct ReviewInboxTests {
    let review = ReviewTests()

    func id(_ response: TestResponse, _ store: BookingStore) async throws -> Int64 {
        let reference = try #require(response.json["reference"] as? String)
        return try #require(try await store.booking(reference: reference)?.id)
    }

    @Test func theInboxFiltersByDoctorAndStatus() async throws {
        let fixture = try ServerFixture()
        try review.makeAccounts(fixture)
        try await fixture.test { client, store throws in
            let amina = try await id(try await client.postJSON("/api/bookings", bookingJSON(time: "09:00")), store)
            let aminaConfirmed = try await id(try await client.postJSON("/api/bookings", bookingJSON(time: "09:30")), store)
            let karim = try await id(try await client.postJSON("/api/bookings", bookingJSON(time: "09:00", doctor: "karim-haddad")), store)
            let admin = try await review.session(client, "admin")
            #expect(try await review.post(client, "/review/bookings/\(aminaConfirmed)/confirm", admin).status == .seeOther)
            func shown(_ query: String) async throws -> [Int64] {
                let page = try await client.get("/review/\(query)", headers: [.cookie: admin.cookie])
                #expect(page.status == .ok)
                return [amina, aminaConfirmed, karim].filter { page.text.contains("href=\"/review/bookings/\($0)\"") }
            }
            #expect(try await shown("") == [amina, aminaConfirmed, karim])
            #expect(try await shown("?doctor=karim-haddad") == [karim])
            #expect(try await shown("?status=pending") == [amina, karim])
            #expect(try await shown("?doctor=amina-benali&status=confirmed") == [aminaConfirmed])
            // A doctor the account does not serve, or a status the inbox has not: the filter is ignored.
            let aminaSession = try await review.session(client, "amina")
            let other = try await client.get("/review/?doctor=karim-haddad", headers: [.cookie: aminaSession.cookie])
            #expect(!other.text.contains("href=\"/review/bookings/\(karim)\""))
            #expect(try await shown("?status=cancelled") == [amina, aminaConfirmed, karim])
        }
    }

    @Test func severalRequestsAreConfirmedAtOnce() async throws {
        let fixture = try ServerFixture()
        try review.makeAccounts(fixture)
        try await fixture.test { client, store throws in
            let first = try await id(try await client.postJSON("/api/bookings", bookingJSON(time: "09:00")), store)
            let second = try await id(try await client.postJSON("/api/bookings", bookingJSON(time: "09:30")), store)
            let third = try await id(try await client.postJSON("/api/bookings", bookingJSON(time: "14:00")), store)
            let karims = try await id(try await client.postJSON("/api/bookings", bookingJSON(time: "09:00", doctor: "karim-haddad")), store)
            let amina = try await review.session(client, "amina")
            let inbox = try await client.get("/review/", headers: [.cookie: amina.cookie])
            #expect(inbox.text.contains(#"name="confirm-\#(first)" value="1" form="bulk-confirm""#))
            // Without the session's token nothing changes.
            #expect(try await review.post(client, "/review/confirm", amina, "confirm-\(first)=1", csrf: "forged").status == .forbidden)
            #expect(try await store.booking(id: first, doctors: nil)?.status == .pending)
            let response = try await review.post(client, "/review/confirm", amina, "confirm-\(first)=1&confirm-\(second)=1&confirm-\(karims)=1")
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/review/?confirmed=2&failed=1")
            #expect(try await store.booking(id: first, doctors: nil)?.status == .confirmed)
            #expect(try await store.booking(id: second, doctors: nil)?.status == .confirmed)
            #expect(try await store.booking(id: third, doctors: nil)?.status == .pending)
            // Another doctor's request is not hers to confirm.
            #expect(try await store.booking(id: karims, doctors: nil)?.status == .pending)
            let after = try await client.get("/review/?confirmed=2&failed=1", headers: [.cookie: amina.cookie])
            #expect(after.text.contains("Demandes confirmées : 2.") && after.text.contains("1 n’ont pas pu"))
            // Each is audited as her own click would be.
            #expect(try await store.audit(bookingID: first).contains { $0.actor == "amina" && $0.to == .confirmed })
        }
    }
}
