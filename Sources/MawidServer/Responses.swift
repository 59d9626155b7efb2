import Foundation
import Hummingbird
import MawidBooking
import MawidSite

/// Building the answers: JSON for API clients, HTML for browsers' form posts.
enum Responses {
    static func json(_ status: HTTPResponse.Status, _ body: JSON, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        fields[.cacheControl] = "no-store"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: body.text + "\n")))
    }

    static func html(_ status: HTTPResponse.Status, _ page: String, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "text/html; charset=utf-8"
        fields[.cacheControl] = "no-store"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: page)))
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
