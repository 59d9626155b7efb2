import Foundation
import Hummingbird
import MawidBooking
import MawidSite

/// Building the answers: JSON for API clients, HTML for browsers' form posts.
enum Responses {
    /// `headers` must not set Content-Type or Cache-Control (these are appended, not replaced).
    static func json(_ status: HTTPResponse.Status, _ body: JSON, headers: HTTPFields = [:]) -> Response {
        var text = ""
        text.reserveCapacity(256)  // a booking's answer without growing the string several times
        body.write(to: &text)
        text += "\n"
        return Response(status: status, headers: fields(headers, contentType: jsonType),
                        body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func html(_ status: HTTPResponse.Status, _ page: String, headers: HTTPFields = [:]) -> Response {
        Response(status: status, headers: fields(headers, contentType: htmlType), body: .init(byteBuffer: ByteBuffer(string: page)))
    }

    private static let jsonType = HTTPFields.Element(name: .contentType, value: "application/json; charset=utf-8")
    private static let htmlType = HTTPFields.Element(name: .contentType, value: "text/html; charset=utf-8")
    private static let noStore = HTTPFields.Element(name: .cacheControl, value: "no-store")

    private static func fields(_ headers: HTTPFields, contentType: HTTPFields.Element) -> HTTPFields {
        assert(headers[.contentType] == nil && headers[.cacheControl] == nil)
        var fields = headers
        fields.reserveCapacity(headers.count + 2)
        fields.append(contentType)
        fields.append(noStore)
        return fields
    }

    static func seeOther(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
    }

    /// `{error, fields?}` as in the OpenAPI `Error` schema.
    static func error(_ status: HTTPResponse.Status, _ message: String, fields: [(String, String)] = [],
                      headers: HTTPFields = [:]) -> Response {
        var body: [(String, JSON)] = [("error", .string(message))]
        if !fields.isEmpty { body.append(("fields", .object(fields.map { ($0.0, .string($0.1)) }))) }
        return json(status, .object(body), headers: headers)
    }

    /// 422 with each field's message, for API clients (form posts get the page again instead).
    static func invalid(_ errors: FieldErrors) -> Response {
        error(.unprocessableContent, "Some fields need fixing.", fields: errors.all.map { ($0.field, $0.message) })
    }

    static func slot(_ date: String, _ time: String) -> JSON {
        .object([("date", .string(date)), ("time", .string(time))])
    }
}
