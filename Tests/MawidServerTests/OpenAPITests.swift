import Foundation
import Hummingbird
import HummingbirdTesting
import MawidBooking
import MawidSite
import Testing
import Yams
@testable import MawidServer

/// The OpenAPI document the endpoint serves says what the routes answer: statuses, content types (JSON, the HTML
/// pages of form posts), required headers and JSON schemas.
@Suite struct OpenAPITests: @unchecked Sendable {
    let spec: [String: Any] = (try? Yams.load(yaml: OpenAPIDocument.text) as? [String: Any]) ?? [:]

    /// What `response` does that the document does not say for `path`/`method`: an undocumented status or content
    /// type, a required header missing, a body where none is documented, a JSON body off its schema (empty when
    /// it matches).
    func check(_ response: TestResponse, path: String, method: String) -> [String] {
        let paths = spec["paths"] as? [String: Any]
        let operation = (paths?[path] as? [String: Any])?[method] as? [String: Any]
        guard let responses = operation?["responses"] as? [String: Any],
              let entry = responses[String(response.status.code)] else {
            return ["status \(response.status.code) of \(method.uppercased()) \(path) is not documented"]
        }
        let documented = resolve(entry)
        var problems: [String] = []
        for (name, header) in documented["headers"] as? [String: Any] ?? [:] where resolve(header)["required"] as? Bool == true {
            if !response.headers.contains(where: { $0.name.canonicalName == name.lowercased() }) { problems.append("header \(name) is missing") }
        }
        // The media type without its parameters (`text/html; charset=utf-8` is `text/html`).
        let type = response.headers[.contentType].map { $0.split(separator: ";")[0].trimmingCharacters(in: .whitespaces).lowercased() }
        guard let content = documented["content"] as? [String: Any] else {
            if response.body.readableBytes > 0 { problems.append("a body (\(type ?? "no type")) where the document has none") }
            return problems
        }
        guard let type, let media = content[type] as? [String: Any] else {
            return problems + ["content type \(type ?? "none") is not documented (\(content.keys.sorted()))"]
        }
        if type == "application/json", let schema = media["schema"] {
            guard let value = try? JSONSerialization.jsonObject(with: Data(response.text.utf8)) else { return problems + ["not JSON"] }
            problems += validate(value, schema, at: "$")
        }
        return problems
    }

    func resolve(_ schema: Any) -> [String: Any] {
        guard let schema = schema as? [String: Any] else { return [:] }
        guard let ref = schema["$ref"] as? String else { return schema }
        var node: Any = spec
        for part in ref.dropFirst(2).split(separator: "/") { node = (node as? [String: Any])?[String(part)] as Any }
        return resolve(node)
    }

    func validate(_ value: Any, _ rawSchema: Any, at path: String) -> [String] {
        let schema = resolve(rawSchema)
        var errors: [String] = []
        switch schema["type"] as? String {
        case "object":
            guard let object = value as? [String: Any] else { return ["\(path): expected an object"] }
            for key in schema["required"] as? [String] ?? [] where object[key] == nil { errors.append("\(path).\(key) is missing") }
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for (key, item) in object {
                if let property = properties[key] { errors += validate(item, property, at: "\(path).\(key)") }
                else if let extra = schema["additionalProperties"] {
                    if extra as? Bool == false { errors.append("\(path).\(key) is not in the schema") }
                    else if extra is [String: Any] { errors += validate(item, extra, at: "\(path).\(key)") }
                }
            }
        case "array":
            guard let array = value as? [Any] else { return ["\(path): expected an array"] }
            for (i, item) in array.enumerated() { errors += validate(item, schema["items"] as Any, at: "\(path)[\(i)]") }
        case "string":
            guard let text = value as? String else { return ["\(path): expected a string"] }
            if let values = schema["enum"] as? [String], !values.contains(text) { errors.append("\(path): \(text) not in \(values)") }
            if let pattern = schema["pattern"] as? String, text.range(of: pattern, options: .regularExpression) == nil {
                errors.append("\(path): \(text) does not match \(pattern)")
            }
        case "integer":
            if !(value is Int) { errors.append("\(path): expected an integer") }
        default: break
        }
        return errors
    }

    @Test func documentIsServedAndValid() async throws {
        #expect(spec["openapi"] as? String == "3.1.0")
        let fixture = try ServerFixture()
        try await fixture.test { client, _ throws in
            let response = try await client.get("/api/openapi.yaml")
            #expect(response.status == .ok)
            #expect(response.text == OpenAPIDocument.text)
        }
    }

    @Test func everyAnswerMatchesTheDocument() async throws {
        let fixture = try ServerFixture()
        try await fixture.test(postsPerMinute: 8) { client, _ throws in
            var problems: [String] = []
            func expectMatch(_ response: TestResponse, _ path: String, _ method: String) {
                problems += check(response, path: path, method: method).map { "\(method) \(path) \(response.status.code): \($0)" }
            }
            expectMatch(try await client.get("/api/health"), "/health", "get")
            expectMatch(try await client.get("/api/doctors/amina-benali/slots"), "/doctors/{slug}/slots", "get")
            expectMatch(try await client.get("/api/doctors/nobody/slots"), "/doctors/{slug}/slots", "get")
            expectMatch(try await client.get("/api/doctors/amina-benali/slots?days=0"), "/doctors/{slug}/slots", "get")
            expectMatch(try await client.postJSON("/api/bookings", bookingJSON()), "/bookings", "post")
            expectMatch(try await client.postJSON("/api/bookings", bookingJSON()), "/bookings", "post")  // 409
            expectMatch(try await client.postJSON("/api/bookings", bookingJSON(phone: "x")), "/bookings", "post")  // 422
            expectMatch(try await client.postForm("/api/bookings", bookingForm(["time": "08:30"])), "/bookings", "post")  // 303
            expectMatch(try await client.postJSON("/api/bookings", "{"), "/bookings", "post")  // 400
            expectMatch(try await client.execute(uri: "/api/bookings", method: .post, headers: [.contentType: "text/csv"]), "/bookings", "post")
            expectMatch(try await client.postJSON("/api/contact", "{\"name\": \"A\", \"email\": \"a@b.dz\", \"message\": \"Hi\"}"), "/contact", "post")
            expectMatch(try await client.postJSON("/api/contact", "{}"), "/contact", "post")
            expectMatch(try await client.postJSON("/api/contact", "{}"), "/contact", "post")  // 429 after 8 POSTs
            #expect(problems.isEmpty, "\(problems)")
        }
    }

    /// The patient's page and buttons (form posts, as the page sends them, and bare POSTs): every answer's status,
    /// content type and headers are in the document.
    @Test func patientActionsMatchTheDocument() async throws {
        let fixture = try ServerFixture()
        try await fixture.test(postsPerMinute: 12, messages: true) { client, _ throws in
            var problems: [String] = []
            func expectMatch(_ response: TestResponse, _ path: String, _ expected: HTTPResponse.Status? = nil, method: String = "post") {
                if let expected, response.status != expected {
                    problems.append("\(method.uppercased()) \(path): \(response.status.code), expected \(expected.code)")
                }
                problems += check(response, path: path, method: method).map { "\(method.uppercased()) \(path) \(response.status.code): \($0)" }
            }
            let created = try await client.postJSON("/api/bookings", bookingJSON(date: "2026-12-06", time: "10:00"))  // 1
            let page = try #require((created.json["manageURL"] as? String)?.replacingOccurrences(of: "https://test.example.dz", with: ""))
            expectMatch(try await client.get(page), "/b/{token}", .ok, method: "get")
            expectMatch(try await client.get("\(page)?done=nonsense&error=x&offer=abc"), "/b/{token}", .ok, method: "get")
            expectMatch(try await client.get("/api/b/nobody"), "/b/{token}", .notFound, method: "get")
            expectMatch(try await client.get("\(page)/visit.ics"), "/b/{token}/visit.ics", .ok, method: "get")
            for action in ["attend", "waitlist", "leave-waitlist"] {  // 2-4
                expectMatch(try await client.postForm("\(page)/\(action)", ""), "/b/{token}/{action}", .seeOther)
            }
            expectMatch(try await client.postForm("\(page)/reschedule", "slot=2026-12-06+10%3A30"), "/b/{token}/{action}", .seeOther)
            expectMatch(try await client.postForm("\(page)/reschedule", "slot=soon"), "/b/{token}/{action}", .seeOther)
            expectMatch(try await client.execute(uri: "\(page)/cancel", method: .post), "/b/{token}/{action}", .seeOther)  // 7
            expectMatch(try await client.postForm("\(page)/unknown", ""), "/b/{token}/{action}", .notFound)
            expectMatch(try await client.postForm("/api/b/nobody/attend", ""), "/b/{token}/{action}", .notFound)
            expectMatch(try await client.postForm("\(page)/offers/1/accept", ""), "/b/{token}/offers/{offer}/{answer}", .seeOther)
            expectMatch(try await client.postForm("\(page)/offers/1/maybe", ""), "/b/{token}/offers/{offer}/{answer}", .notFound)
            expectMatch(try await client.postForm("\(page)/offers/x/decline", ""), "/b/{token}/offers/{offer}/{answer}", .notFound)  // 12
            expectMatch(try await client.postForm("\(page)/attend", ""), "/b/{token}/{action}", .tooManyRequests)
            expectMatch(try await client.postForm("\(page)/offers/1/decline", ""), "/b/{token}/offers/{offer}/{answer}", .tooManyRequests)
            #expect(problems.isEmpty, "\(problems)")
        }
    }

    /// Form posts of the booking and contact forms, as the site's pages send them: every answer's status, content
    /// type (the pages, and JSON for a body refused unread) and headers (`Location`, `Retry-After`) are in the
    /// document.
    @Test func formPostsMatchTheDocument() async throws {
        let fixture = try ServerFixture()
        try await fixture.test(postsPerMinute: 12) { client, _ throws in
            var problems: [String] = []
            func expectMatch(_ response: TestResponse, _ path: String, _ expected: HTTPResponse.Status) {
                if response.status != expected { problems.append("POST \(path): \(response.status.code), expected \(expected.code)") }
                problems += check(response, path: path, method: "post").map { "POST \(path) \(response.status.code): \($0)" }
            }
            let tooLarge = String(repeating: "a", count: RequestInput.maxBodySize + 1)
            expectMatch(try await client.postForm("/api/bookings", bookingForm([:])), "/bookings", .seeOther)
            expectMatch(try await client.postForm("/api/bookings", bookingForm([:])), "/bookings", .conflict)  // the same slot
            expectMatch(try await client.postForm("/api/bookings", bookingForm(["phone": "x"])), "/bookings", .unprocessableContent)
            expectMatch(try await client.postForm("/api/bookings", bookingForm(["doctor": "nobody"])), "/bookings", .unprocessableContent)
            expectMatch(try await client.postForm("/api/bookings", bookingForm(["website": "spam"])), "/bookings", .ok)  // honeypot
            expectMatch(try await client.postForm("/api/bookings", "name=%FF"), "/bookings", .badRequest)
            expectMatch(try await client.postForm("/api/bookings", "reason=" + tooLarge), "/bookings", .contentTooLarge)
            expectMatch(try await client.postForm("/api/contact", "name=Rachid&email=r%40example.dz&message=Bonjour&lang=en"), "/contact", .seeOther)
            expectMatch(try await client.postForm("/api/contact", "name=Rachid&lang=ar"), "/contact", .unprocessableContent)
            expectMatch(try await client.postForm("/api/contact", "website=spam"), "/contact", .seeOther)  // honeypot
            expectMatch(try await client.postForm("/api/contact", "name=%FF"), "/contact", .badRequest)
            expectMatch(try await client.postForm("/api/contact", "message=" + tooLarge), "/contact", .contentTooLarge)  // the 12th
            expectMatch(try await client.postForm("/api/bookings", bookingForm(["time": "09:30"])), "/bookings", .tooManyRequests)
            expectMatch(try await client.postForm("/api/contact", "name=Rachid"), "/contact", .tooManyRequests)
            #expect(problems.isEmpty, "\(problems)")
        }
    }

    /// Every route under /api is in the document with its method, and every operation documented is a route.
    @Test func everyRouteIsDocumented() throws {
        let fixture = try ServerFixture()
        let (server, store) = try fixture.server()
        defer { try? store.database.close() }
        let routes = Set(server.router().routes.map { "\($0.method.rawValue) \($0.path)" }.filter { $0.contains(" /api/") })
        var documented = Set<String>()
        for (path, item) in spec["paths"] as? [String: Any] ?? [:] {
            for method in (item as? [String: Any] ?? [:]).keys where ["get", "post", "put", "patch", "delete"].contains(method) {
                documented.insert("\(method.uppercased()) /api\(path)")  // Hummingbird writes `:token` as `{token}` too
            }
        }
        #expect(routes == documented)
    }

    /// The examples name published doctors of the example content (`content/`) and a slot they work, so a client or a
    /// fuzzer posting them reaches the booking logic (until the date has passed; `GET /doctors/{slug}/slots` gives
    /// a current one).
    @Test func examplesAreSlotsOfTheExampleContent() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let content = try ContentLoader(directory: root.appendingPathComponent("content").path).load()
        let zone = try #require(TimeZone(identifier: content.config.timezone))
        func published(_ slug: String) -> Doctor? { content.doctor(slug).flatMap { $0.base.draft ? nil : $0.base } }

        let paths = spec["paths"] as? [String: Any]
        let slots = (paths?["/doctors/{slug}/slots"] as? [String: Any])?["get"] as? [String: Any]
        let slug = (slots?["parameters"] as? [[String: Any]])?.first { $0["name"] as? String == "slug" }
        let booking = resolve(["$ref": "#/components/schemas/BookingRequest"])["properties"] as? [String: Any]
        let doctors = [slug?["example"] as? String].compactMap { $0 } + (resolve(slug?["schema"] as Any)["examples"] as? [String] ?? [])
            + (resolve(booking?["doctor"] as Any)["examples"] as? [String] ?? [])
        #expect(!doctors.isEmpty)
        for doctor in doctors { #expect(published(doctor) != nil, "\(doctor) is not a published doctor of content/") }

        let post = (paths?["/bookings"] as? [String: Any])?["post"] as? [String: Any]
        let media = ((post?["requestBody"] as? [String: Any])?["content"] as? [String: Any]) ?? [:]
        #expect(media.keys.sorted() == ["application/json", "application/x-www-form-urlencoded"])
        for (type, value) in media {
            let example = try #require((value as? [String: Any])?["example"] as? [String: Any], "\(type)")
            let doctor = try #require(published(example["doctor"] as? String ?? ""), "\(type): not a published doctor")
            let slot = try #require(Slot(date: example["date"] as? String ?? "", time: example["time"] as? String ?? ""), "\(type)")
            // Seen at noon the day before, the slot is bookable: on the doctor's hours and not a holiday.
            let noon = Date(timeIntervalSince1970: TimeInterval(slot.date.adding(days: -1).dayNumber * 86_400 + 12 * 3600))
            let calendar = SlotCalendar(timeZone: zone, now: noon.addingTimeInterval(-TimeInterval(zone.secondsFromGMT(for: noon))))
            #expect(calendar.problem(with: slot, for: doctor) == nil, "\(type): \(slot)")
        }
    }
}
