import Foundation
import Hummingbird
import HummingbirdTesting
import MawidBooking
import Testing
@testable import MawidServer

/// `mawid serve --metrics`: `/metrics` on its own listener, well formed, moving with bookings, never holding a
/// token, a reference or a phone number; the public port does not serve it.
@Suite struct MetricsTests {
    @Test func aScrapeAfterBookingsIsWellFormedAndCountsThem() async throws {
        let fixture = try ServerFixture()
        try await fixture.testWithMetrics(messages: true) { client, _, scrape throws in
            let before = PrometheusText(try await scrape())
            #expect(before.value("mawid_booking_duration_seconds_count", ["outcome": "created"]) == 0)
            #expect(before.value("mawid_group_commit_batch_bookings_count") == 0)

            #expect(try await client.postJSON("/api/bookings", bookingJSON()).status == .created)
            #expect(try await client.postJSON("/api/bookings", bookingJSON(phone: "0661 00 00 00")).status == .conflict)
            #expect(try await client.postJSON("/api/bookings", bookingJSON(time: "09:10")).status == .unprocessableContent)
            #expect(try await client.postForm("/api/bookings", bookingForm(["time": "09:30"])).status == .seeOther)

            let after = PrometheusText(try await scrape())
            #expect(after.types["mawid_booking_duration_seconds"] == "histogram")
            #expect(after.help["mawid_booking_duration_seconds"] == MawidMetrics.bookingDuration.help)
            #expect(after.value("mawid_booking_duration_seconds_count", ["outcome": "created"]) == 2)
            #expect(after.value("mawid_booking_duration_seconds_count", ["outcome": "conflict"]) == 1)
            #expect(after.value("mawid_booking_duration_seconds_count", ["outcome": "invalid"]) == 1)
            #expect(after.value("mawid_booking_duration_seconds_count", ["outcome": "error"]) == 0)
            #expect(after.value("mawid_booking_duration_seconds_bucket", ["outcome": "created", "le": "+Inf"]) == 2)
            #expect(after.value("mawid_booking_duration_seconds_bucket", ["outcome": "created", "le": "0.001"]) != nil)
            #expect(try #require(after.value("mawid_booking_duration_seconds_sum", ["outcome": "created"])) > 0)
            // Two batches of one booking each (the taken slot's batch inserted none).
            #expect(after.types["mawid_group_commit_batch_bookings"] == "histogram")
            #expect(after.value("mawid_group_commit_batch_bookings_count") == 2)
            #expect(after.value("mawid_group_commit_batch_bookings_sum") == 2)
            #expect(after.value("mawid_group_commit_batch_bookings_bucket", ["le": "1.0"]) == 2)
            // Requests by route pattern and status.
            #expect(after.types["mawid_http_requests_total"] == "counter")
            let bookings = ["route": "/api/bookings", "method": "POST"]
            #expect(after.value("mawid_http_requests_total", bookings.merging(["status": "201"]) { $1 }) == 1)
            #expect(after.value("mawid_http_requests_total", bookings.merging(["status": "409"]) { $1 }) == 1)
            #expect(after.value("mawid_http_requests_total", bookings.merging(["status": "422"]) { $1 }) == 1)
            #expect(after.value("mawid_http_requests_total", bookings.merging(["status": "303"]) { $1 }) == 1)
            // The outbox as read at the scrape: each booking's "request received" SMS (no email given).
            #expect(after.types["mawid_outbox_messages"] == "gauge")
            #expect(after.value("mawid_outbox_messages", ["state": "pending", "channel": "sms"]) == 2)
            #expect(after.value("mawid_outbox_messages", ["state": "pending", "channel": "email"]) == 0)
            #expect(after.value("mawid_messages_sent_total", ["channel": "sms"]) == 0)
            // Every metric of the catalog is shown with its help text.
            for metric in MawidMetrics.catalog.values {
                #expect(after.help[metric.name] == metric.help, "\(metric.name)")
            }
        }
    }

    @Test func noLabelHoldsATokenAReferenceOrAPhoneNumber() async throws {
        let fixture = try ServerFixture()
        try await fixture.testWithMetrics(messages: true) { client, _, scrape throws in
            let json = try await client.postJSON("/api/bookings", bookingJSON())
            let reference = try #require(json.json["reference"] as? String)
            let manageURL = try #require(json.json["manageURL"] as? String)
            let token = String(try #require(manageURL.split(separator: "/").last))
            let form = try await client.postForm("/api/bookings", bookingForm(["time": "09:30", "phone": "0661 22 33 44"]))
            let page = try #require(form.headers[.location]).replacingOccurrences(of: "?new=1", with: "")
            let formToken = String(try #require(page.split(separator: "/").last))

            #expect(try await client.get("/api/b/\(token)").status == .ok)
            #expect(try await client.get(page).status == .ok)
            #expect(try await client.get("/api/b/\(token)/visit.ics").status != .internalServerError)
            #expect(try await client.execute(uri: page + "/cancel", method: .post).status == .seeOther)
            #expect(try await client.get("/api/b/\(token)x").status == .notFound)
            // The site's 404 page, for paths holding secrets.
            #expect(try await client.get("/fr/\(reference)/").status == .notFound)
            #expect(try await client.get("/\(token)").status == .notFound)
            #expect(try await client.get("/fr/0550123456").status == .notFound)
            #expect(try await client.get("/api/bookings/\(reference)").status == .notFound)
            // Static files.
            #expect(try await client.get("/fr/").status == .ok)
            #expect(try await client.get("/fr/doctors/amina-benali/").status == .ok)

            let scraped = PrometheusText(try await scrape())
            let secrets = [token, formToken, reference, reference.replacingOccurrences(of: "-", with: ""),
                           "0550 12 34 56", "0550123456", "550123456", "+213550123456",
                           "0661 22 33 44", "0661223344", "661223344", "Yasmine"]
            for sample in scraped.samples {
                for (label, value) in sample.labels {
                    for secret in secrets {
                        #expect(!value.localizedCaseInsensitiveContains(secret), "\(sample.name) \(label)=\(value)")
                    }
                }
            }
            let routes = Set(scraped.samples.filter { $0.name == "mawid_http_requests_total" }.compactMap { $0.labels["route"] })
            #expect(routes == ["/api/bookings", "/api/b/{token}", "/api/b/{token}/visit.ics", "/api/b/{token}/{action}",
                               "static", "unmatched"])
            let unmatched = ["route": "unmatched", "method": "GET", "status": "404"]
            #expect(scraped.value("mawid_http_requests_total", unmatched) == 4)
            #expect(scraped.value("mawid_http_requests_total", ["route": "static", "method": "GET", "status": "200"]) == 2)
        }
    }

    @Test func thePublicPortDoesNotServeMetrics() async throws {
        let fixture = try ServerFixture()
        try await fixture.testWithMetrics { client, _, scrape throws in
            let response = try await client.get("/metrics")
            #expect(response.status == .notFound)
            #expect(!response.text.contains("mawid_"))
            #expect(try await scrape().contains("mawid_http_requests_total{route=\"unmatched\",method=\"GET\",status=\"404\"} 1"))
        }
        try await fixture.test { client, _ throws in
            #expect(try await client.get("/metrics").status == .notFound)
        }
    }

    @Test func theMetricsListenerServesOnlyMetrics() async throws {
        let fixture = try ServerFixture()
        let (server, store) = try fixture.server(metrics: PrometheusFactory())
        let listener = try #require(server.options.metrics)
        let app = Application(router: listener.router(store: store, logger: server.logger), logger: server.logger)
        try await app.test(.router) { client throws in
            #expect(try await client.get("/fr/").status == .notFound)
            #expect(try await client.get("/api/health").status == .notFound)
            #expect(try await client.execute(uri: "/metrics", method: .post).status == .notFound)
        }
        try store.database.close()
    }

    @Test(arguments: [
        ("127.0.0.1:9464", "127.0.0.1", 9464), ("localhost:1", "localhost", 1), ("[::1]:9464", "::1", 9464),
        ("0.0.0.0:65535", "0.0.0.0", 65535),
    ])
    func metricsAddressesAreRead(text: String, host: String, port: Int) {
        let address = MetricsListener.address(text)
        #expect(address?.host == host && address?.port == port)
    }

    @Test(arguments: ["9464", ":9464", "127.0.0.1", "127.0.0.1:", "127.0.0.1:0", "127.0.0.1:70000", "::1:9464", "host:port"])
    func badMetricsAddressesAreRefused(text: String) {
        #expect(MetricsListener.address(text) == nil)
    }
}
