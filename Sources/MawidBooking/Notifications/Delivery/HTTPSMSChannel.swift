import Foundation
import MawidSite

/// SMS through an HTTP gateway: one `POST` per message to an `http://` URL (a gateway or relay on this
/// machine or the local network; no TLS), with the configured headers, an `Idempotency-Key` header and
/// a body made from a template. Any 2xx answer means sent.
///
/// In the body template, `{{to}}` (E.164), `{{text}}` and `{{id}}` (the idempotency key) are replaced by
/// values escaped for the content type: JSON string contents (write the quotes in the template:
/// `{"to": "{{to}}", "text": "{{text}}", "ref": "{{id}}"}`) or form-encoded values.
public struct HTTPSMSChannel: MessageChannel {
    public var url: String
    /// Extra headers, e.g. `Authorization`. Never shown in errors.
    public var headers: [String: String]
    public var bodyTemplate: String
    public var contentType: String
    public var timeout: TimeInterval

    public static let defaultBodyTemplate = #"{"to": "{{to}}", "text": "{{text}}", "id": "{{id}}"}"#

    public init(url: String, headers: [String: String] = [:], bodyTemplate: String = HTTPSMSChannel.defaultBodyTemplate,
                contentType: String = "application/json", timeout: TimeInterval = 30) {
        self.url = url
        self.headers = headers
        self.bodyTemplate = bodyTemplate
        self.contentType = contentType
        self.timeout = timeout
    }

    /// Host, port and path of an `http://` URL, or nil.
    public static func parse(_ url: String) -> (host: String, port: Int, path: String)? {
        guard url.lowercased().hasPrefix("http://") else { return nil }
        let rest = url.dropFirst(7)
        let authority = rest.prefix { $0 != "/" && $0 != "?" }
        var path = String(rest.dropFirst(authority.count))
        if path.isEmpty || path.hasPrefix("?") { path = "/" + path }
        guard let (host, port) = TCPConnection.hostPort(authority, defaultPort: 80),
              !path.contains(" "), !path.hasLineBreak else { return nil }
        return (host, port, path)
    }

    public func send(_ message: OutgoingMessage) async throws {
        guard let (host, port, path) = Self.parse(url) else {
            throw DeliveryError("the SMS gateway URL is not an http:// URL", permanent: true)
        }
        let body = Array(MessageRenderer.fill(bodyTemplate, [
            "to": escape(message.recipient), "text": escape(message.body), "id": escape(message.idempotencyKey),
        ]).utf8)
        var lines = [
            "POST \(path) HTTP/1.1",
            "Host: \(port == 80 ? host : "\(host):\(port)")",
            "Content-Type: \(contentType)",
            "Content-Length: \(body.count)",
            "Idempotency-Key: \(message.idempotencyKey)",
            "User-Agent: Mawid",
            "Connection: close",
        ]
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) {
            guard !(name + value).hasLineBreak, !name.contains(":") else {
                throw DeliveryError("an SMS gateway header has a line break", permanent: true)
            }
            lines.append("\(name): \(value)")
        }
        let request = Array((lines.joined(separator: "\r\n") + "\r\n\r\n").utf8) + body
        let timeout = timeout
        let status = try await Blocking.run { () throws -> Int in
            let connection = try TCPConnection(host: host, port: port, timeout: timeout)
            try connection.write(request)
            let statusLine = try connection.readLine()
            let parts = statusLine.split(separator: " ")
            guard parts.count >= 2, parts[0].hasPrefix("HTTP/"), let code = Int(parts[1]) else {
                throw DeliveryError("the SMS gateway answered something else than HTTP")
            }
            return code
        }
        guard (200...299).contains(status) else {
            let permanent = (400...499).contains(status) && status != 408 && status != 429
            throw DeliveryError("the SMS gateway answered \(status)", permanent: permanent)
        }
    }

    /// A value escaped for `contentType`.
    func escape(_ value: String) -> String {
        if contentType.lowercased().contains("json") { return Self.jsonEscaped(value) }
        if contentType.lowercased().contains("x-www-form-urlencoded") {
            let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
            return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
        }
        return value
    }

    /// The contents of a JSON string (RFC 8259), without its quotes: `JSON.quote` of MawidSite, which also
    /// escapes `<`, `>` and `&` (still valid JSON).
    static func jsonEscaped(_ value: String) -> String {
        var quoted = ""
        JSON.quote(value, into: &quoted)
        return String(quoted.dropFirst().dropLast())
    }
}
