import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import MawidServer

/// Contact messages, health, CORS, rate limiting and the static site next to the API.
@Suite struct EndpointTests {
    @Test func contactMessageIsStored() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client, store throws in
            let json = try await client.postJSON("/api/contact", "{\"name\": \"Rachid\", \"email\": \"r@example.dz\", \"message\": \"Bonjour\"}")
            #expect(json.status == .created)
            #expect(json.json["status"] as? String == "received")
            let form = try await client.postForm("/api/contact", "name=Rachid&phone=0550123456&message=Salam&lang=en&website=")
            #expect(form.status == .seeOther)
            let location = try #require(form.headers[.location])
            let sent = try await client.get(location)
            #expect(sent.status == .ok)
            #expect(sent.text.contains("<html lang=\"en\""))
            #expect(try await store.countContactMessages() == 2)
        }
    }

    @Test func invalidContactMessage() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client, store throws in
            let json = try await client.postJSON("/api/contact", "{\"name\": \"Rachid\"}")
            #expect(json.status == .unprocessableContent)
            let fields = try #require(json.json["fields"] as? [String: String])
            #expect(fields["message"] != nil)
            let form = try await client.postForm("/api/contact", "name=Rachid&message=&lang=fr")
            #expect(form.status == .unprocessableContent)
            #expect(form.text.contains("value=\"Rachid\""))
            let spam = try await client.postJSON("/api/contact", "{\"name\": \"Bot\", \"email\": \"b@x.dz\", \"message\": \"Buy\", \"website\": \"x\"}")
            #expect(spam.status == .created)
            #expect(try await store.countContactMessages() == 0)
        }
    }

    @Test func healthAnswersWhileTheDatabaseDoes() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client, store throws in
            let response = try await client.get("/api/health")
            #expect(response.status == .ok)
            #expect(response.json["status"] as? String == "ok")
            #expect(response.json["site"] as? String == "ready")
            try store.database.close()
            #expect(try await client.get("/api/health").status == .serviceUnavailable)
        }
    }

    @Test func rateLimitAnswers429WithRetryAfter() async throws {
        let fixture = try ServerFixture()
        try await fixture.test(postsPerMinute: 3) { client, _ throws in
            for time in ["08:30", "09:00", "09:30"] {
                #expect(try await client.postJSON("/api/bookings", bookingJSON(time: time)).status == .created)
            }
            let limited = try await client.postJSON("/api/bookings", bookingJSON(time: "14:00"))
            #expect(limited.status == .tooManyRequests)
            #expect(Int(limited.headers[.retryAfter] ?? "") ?? 0 >= 1)
            // Reading is not limited.
            #expect(try await client.get("/api/doctors/amina-benali/slots").status == .ok)
        }
    }

    @Test func corsPreflightOnlyForTheSiteOrigin() async throws {
        let fixture = try ServerFixture(endpoint: "https://booking.test.example.dz/api")
        try await fixture.test { client, _ throws in
            let allowed = try await client.execute(uri: "/api/bookings", method: .options, headers: [
                .origin: "https://test.example.dz", .accessControlRequestMethod: "POST",
                .accessControlRequestHeaders: "content-type",
            ])
            #expect(allowed.status == .noContent)
            #expect(allowed.headers[.accessControlAllowOrigin] == "https://test.example.dz")
            #expect(allowed.headers[.accessControlAllowMethods]?.contains("POST") == true)
            let other = try await client.execute(uri: "/api/bookings", method: .options, headers: [
                .origin: "https://evil.example.com", .accessControlRequestMethod: "POST",
            ])
            #expect(other.status == .forbidden)
            #expect(other.headers[.accessControlAllowOrigin] == nil)
            let post = try await client.postJSON("/api/bookings", bookingJSON(), headers: [.origin: "https://test.example.dz"])
            #expect(post.headers[.accessControlAllowOrigin] == "https://test.example.dz")
            let manage = try #require(post.json["manageURL"] as? String)
            #expect(manage.hasPrefix("https://booking.test.example.dz/api/b/"))
        }
    }

    @Test func sameOriginSiteAllowsNoCrossOriginUse() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client, _ throws in
            let preflight = try await client.execute(uri: "/api/bookings", method: .options, headers: [
                .origin: "https://test.example.dz", .accessControlRequestMethod: "POST",
            ])
            #expect(preflight.status == .forbidden)
        }
    }

    @Test func staticSiteIsServedBesideTheAPI() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client, _ throws in
            let page = try await client.get("/fr/doctors/amina-benali/")
            #expect(page.status == .ok)
            #expect(page.text.contains("action=\"/api/bookings\""))
            let missing = try await client.get("/ar/nothing-here/")
            #expect(missing.status == .notFound)
            #expect(missing.text.contains("<html lang=\"ar\""))
        }
    }
}
