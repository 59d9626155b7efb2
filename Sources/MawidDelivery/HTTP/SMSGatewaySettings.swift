import Foundation

/// An SMS provider's HTTP API: where to `POST` each SMS, how to sign in, and the body it expects.
public struct SMSGatewaySettings: Sendable, Hashable {
    /// An `https://` URL (or `http://` for a gateway on this machine or the local network).
    public var url: String
    /// Extra headers, e.g. `Authorization: Bearer …`. Never shown in errors or listings.
    public var headers: [String: String]
    /// HTTP basic authentication (`Authorization: Basic …`), for gateways that sign in that way.
    public var basicAuth: BasicAuth?
    /// The body, `{{to}}` (E.164), `{{text}}` and `{{id}}` (the idempotency key) replaced by escaped values.
    public var bodyTemplate: String
    public var contentType: String
    /// A PEM file of the certificate authorities to trust instead of the system's (a private CA).
    public var caFile: String?

    public static let defaultBodyTemplate = #"{"to": "{{to}}", "text": "{{text}}", "id": "{{id}}"}"#

    public init(url: String, headers: [String: String] = [:], bodyTemplate: String = SMSGatewaySettings.defaultBodyTemplate,
                contentType: String = "application/json", basicAuth: BasicAuth? = nil,
                caFile: String? = nil) {
        self.url = url
        self.headers = headers
        self.bodyTemplate = bodyTemplate
        self.contentType = contentType
        self.caFile = caFile
        self.basicAuth = basicAuth
    }

    /// Scheme, host and port of the URL, or nil when it is not an `http://` or `https://` URL with a host (user
    /// and password in the URL are refused: they would show wherever the URL does; use `basicAuth`).
    public static func target(_ url: String) -> (secure: Bool, host: String, port: Int)? {
        guard !url.hasLineBreak, !url.contains(" "), let components = URLComponents(string: url),
              let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = components.host, !host.isEmpty, components.user == nil, components.password == nil
        else { return nil }
        let secure = scheme == "https"
        let port = components.port ?? (secure ? 443 : 80)
        guard (1...65535).contains(port) else { return nil }
        return (secure, host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host, port)
    }

    /// What is wrong (empty when fine), each with the notify config key it is about; `caFile` is read.
    public var problems: [(field: String, message: String)] {
        var problems: [(String, String)] = []
        if Self.target(url) == nil {
            problems.append(("sms.url", "expected an https:// (or http://) URL with a host, and no user or password in it (use basicAuth)"))
        }
        for (name, value) in headers where (name + value).hasLineBreak || name.contains(":") || name.isEmpty {
            problems.append(("sms.headers", "header \"\(name.filter { !$0.isNewline })\" has a line break or a colon in its name"))
        }
        if let caFile, Self.target(url)?.secure == false {
            problems.append(("sms.caFile", "\(caFile) is for https:// gateways; this URL is http://"))
        }
        if let caFile, let problem = TLSFiles.problem(caFile: caFile) { problems.append(("sms.caFile", problem)) }
        return problems
    }
}

/// The account of HTTP basic authentication.
public struct BasicAuth: Sendable, Hashable {
    public var user: String
    public var password: Secret

    public init(user: String, password: Secret) {
        self.user = user
        self.password = password
    }
}

/// Printed or dumped, the settings show the gateway's host and port only: the URL's path or query, the headers
/// and the basic authentication may hold keys.
extension SMSGatewaySettings: CustomStringConvertible, CustomReflectable {
    public var description: String {
        Self.target(url).map { "SMS gateway \(HostPort.text(host: $0.host, port: $0.port))" } ?? "SMS gateway"
    }

    public var customMirror: Mirror { Mirror(self, children: ["gateway": description]) }
}
