import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import Yams
@testable import MawidServer

/// Responses match the schemas of the OpenAPI document the endpoint serves.
@Suite struct OpenAPITests: @unchecked Sendable {
    let spec: [String: Any] = (try? Yams.load(yaml: OpenAPIDocument.text) as? [String: Any]) ?? [:]

    /// Errors of `value` against the response schema of `path`/`method`/`status` (empty when it matches).
    func check(_ response: TestResponse, path: String, method: String) -> [String] {
        let paths = spec["paths"] as? [String: Any]
        let operation = (paths?[path] as? [String: Any])?[method] as? [String: Any]
        guard let responses = operation?["responses"] as? [String: Any],
              let documented = responses[String(response.status.code)] as? [String: Any] else {
            return ["status \(response.status.code) of \(method.uppercased()) \(path) is not documented"]
        }
        guard let content = documented["content"] as? [String: Any] else { return [] }
        guard let json = content["application/json"] as? [String: Any], let schema = json["schema"] else {
            return content.keys.contains { response.headers[.contentType]?.hasPrefix($0) == true } ? [] : ["content type differs"]
        }
        guard let value = try? JSONSerialization.jsonObject(with: Data(response.text.utf8)) else { return ["not JSON"] }
        return validate(value, schema, at: "$")
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

    @Test func patientActionsMatchTheDocument() async throws {
        let fixture = try ServerFixture()
        try await fixture.test(messages: true) { client, _ throws in
            var problems: [String] = []
            func expectMatch(_ response: TestResponse, _ path: String) {
                problems += check(response, path: path, method: "post").map { "POST \(path) \(response.status.code): \($0)" }
            }
            let created = try await client.postJSON("/api/bookings", bookingJSON(date: "2026-12-06", time: "10:00"))
            let page = try #require((created.json["manageURL"] as? String)?.replacingOccurrences(of: "https://test.example.dz", with: ""))
            for action in ["attend", "waitlist", "leave-waitlist", "reschedule", "cancel"] {
                expectMatch(try await client.execute(uri: "\(page)/\(action)", method: .post), "/b/{token}/{action}")
            }
            expectMatch(try await client.execute(uri: "\(page)/unknown", method: .post), "/b/{token}/{action}")
            expectMatch(try await client.execute(uri: "/api/b/nobody/attend", method: .post), "/b/{token}/{action}")
            expectMatch(try await client.execute(uri: "\(page)/offers/1/accept", method: .post), "/b/{token}/offers/{offer}/{answer}")
            expectMatch(try await client.execute(uri: "\(page)/offers/1/maybe", method: .post), "/b/{token}/offers/{offer}/{answer}")
            #expect(problems.isEmpty, "\(problems)")
        }
    }
}
