import Foundation
import MawidDelivery
import MawidSite
import Yams

/// The server's notification file (`mawid serve --notify-config FILE`): how emails and SMS leave, when
/// reminders go, how long offers of freed slots stay open. Kept out of `content/` (it may hold a gateway's
/// credentials and is not published). Every key is optional; without `email:` or `sms:`, messages of that
/// channel are kept (`held`) and shown in the practice area.
///
/// ```yaml
/// email:
///   smtp: smtp.example.dz:587              # or: sendmail: /usr/sbin/sendmail -t -i
///   security: starttls                     # starttls (default with a username) | tls | none
///   username: cabinet@example.dz
///   passwordEnv: MAWID_SMTP_PASSWORD       # or password: "…"
///   from: "Mawid <no-reply@mawid.example.dz>"
/// sms:
///   url: https://sms.example.dz/v1/send
///   headers: {Authorization: "Bearer …"}  # or basicAuth: {user: …, passwordEnv: …}
///   bodyTemplate: '{"to": "{{to}}", "text": "{{text}}", "id": "{{id}}"}'
///   contentType: application/json
/// reminders: [48h, 2h]
/// offerDuration: 2h
/// pollInterval: 30s
/// ```
public struct NotificationConfig: Sendable {
    public var settings: NotificationSettings
    /// Reminders and offers; `patientCutoff` is the server's (`--patient-cutoff`), not the file's.
    public var policy: NotificationPolicy

    public init(settings: NotificationSettings = NotificationSettings(), policy: NotificationPolicy = NotificationPolicy()) {
        self.settings = settings
        self.policy = policy
    }

    static let keys = ["email", "sms", "reminders", "offerDuration", "pollInterval", "timeout", "maxAttempts", "retryDelay",
                       "maxRetryDelay", "digestInterval", "retention", "batchSize"]
    static let emailKeys = ["smtp", "sendmail", "from", "security", "username", "password", "passwordEnv", "auth", "caFile"]
    static let smsKeys = ["url", "headers", "basicAuth", "bodyTemplate", "contentType", "caFile"]
    static let basicAuthKeys = ["user", "password", "passwordEnv"]

    /// Reads and checks the file: every problem at once, as `path:line: field: message (suggestion)`.
    /// `environment` holds the variables `passwordEnv` keys name (the process's own by default).
    public static func load(path: String, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(ContentErrors) -> NotificationConfig {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ContentErrors([ContentError(path: path, line: 1, field: "notify config", message: "cannot read the file",
                                              suggestion: "check the path given to --notify-config")])
        }
        return try parse(text, path: path, environment: environment)
    }

    static func parse(_ text: String, path: String, environment: [String: String] = [:]) throws(ContentErrors) -> NotificationConfig {
        var reader = try FieldReader(yaml: text, path: path)
        let fields = reader.fields
        var config = NotificationConfig()
        reader.rejectUnknownKeys(allowed: keys, message: "unknown setting")

        if var email = reader.nested("email") {
            email.rejectUnknownKeys(allowed: emailKeys, message: "unknown setting")
            switch (email.string("smtp"), email.string("sendmail")) {
            case let (server?, nil):
                config.settings.email = smtp(server, &email, environment: environment)
            case let (nil, command?):
                let words = command.split(separator: " ").map(String.init)
                if let first = words.first { config.settings.email = .sendmail(command: first, arguments: Array(words.dropFirst())) }
                for key in ["security", "username", "password", "passwordEnv", "auth", "caFile"] where email.has(key) {
                    email.fail(key, "only for smtp: sendmail has its own settings")
                }
            case (_?, _?):
                reader.fail("email", "give smtp or sendmail, not both")
            case (nil, nil):
                reader.fail("email", "give smtp: HOST:PORT or sendmail: COMMAND")
            }
            if let from = email.string("from") {
                config.settings.emailFrom = from
            } else if !email.has("from") {
                email.fail("from", "missing: the sender of the emails, e.g. \"Mawid <no-reply@example.dz>\"")
            }
            reader.merge(email)
        }

        if var sms = reader.nested("sms") {
            sms.rejectUnknownKeys(allowed: smsKeys, message: "unknown setting")
            if let url = sms.string("url") {
                var gateway = SMSGatewaySettings(url: url)
                if var headers = sms.nested("headers") {
                    for name in headers.fields.keys.sorted() {
                        if let value = headers.string(name) { gateway.headers[name] = value }
                    }
                    sms.merge(headers)
                }
                if var basic = sms.nested("basicAuth") {
                    basic.rejectUnknownKeys(allowed: basicAuthKeys, message: "unknown setting")
                    let user = basic.string("user", required: "the gateway's account name")
                    let password = secret(&basic, environment: environment)
                    if let user, let password { gateway.basicAuth = BasicAuth(user: user, password: password) }
                    else if user != nil { basic.fail("password", "missing: give password or passwordEnv") }
                    sms.merge(basic)
                }
                if let body = sms.string("bodyTemplate") { gateway.bodyTemplate = body }
                if let type = sms.string("contentType") { gateway.contentType = type }
                gateway.caFile = sms.string("caFile")
                config.settings.sms = gateway
            } else if !sms.has("url") {
                sms.fail("url", "missing: the gateway's https:// address")
            }
            reader.merge(sms)
        }

        if let reminders = fields["reminders"] {
            if let items = reminders.node.sequence {
                config.policy.reminders = []
                for item in items {
                    let field = Field(node: item, path: path, line: reminders.line(of: item), lineOffset: reminders.lineOffset)
                    if let value = reader.duration(field, key: "reminders") { config.policy.reminders.append(value) }
                }
            } else if let one = reader.duration("reminders") {
                config.policy.reminders = [one]
            }
        }
        if let value = reader.duration("offerDuration") { config.policy.offerDuration = value }
        let durations: [(String, WritableKeyPath<NotificationSettings, TimeInterval>)] = [
            ("pollInterval", \.pollInterval), ("timeout", \.timeout), ("retryDelay", \.retryDelay),
            ("maxRetryDelay", \.maxRetryDelay), ("digestInterval", \.digestInterval), ("retention", \.retention),
        ]
        for (key, path) in durations {
            if let value = reader.duration(key) { config.settings[keyPath: path] = value }
        }
        for (key, path) in [("maxAttempts", \NotificationSettings.maxAttempts), ("batchSize", \.batchSize)] {
            if let value = reader.count(key) { config.settings[keyPath: path] = value }
        }

        // What the settings say of themselves, at the line of their key (or of its section).
        for problem in config.settings.problems where !reader.errors.contains(where: { $0.field == problem.field }) {
            reader.append(ContentError(path: path, line: line(of: problem.field, in: fields) ?? 1, field: problem.field,
                                       message: problem.message))
        }
        if !reader.errors.isEmpty { throw ContentErrors(reader.errors) }
        return config
    }

    /// The SMTP settings under `email:` (`smtp: HOST[:PORT]` given), or nil with errors.
    static func smtp(_ server: String, _ email: inout FieldReader, environment: [String: String]) -> NotificationSettings.Email? {
        let username = email.string("username")
        let password = secret(&email, environment: environment)
        var security = username == nil ? SMTPSettings.Security.none : .starttls
        if let text = email.string("security") {
            guard let chosen = SMTPSettings.Security(rawValue: text.lowercased()) else {
                email.fail("security", "expected starttls, tls or none",
                           suggestion: Suggest.hint(for: text, in: SMTPSettings.Security.allCases.map(\.rawValue)))
                return nil
            }
            security = chosen
        }
        var auth: SMTPSettings.Auth?
        if let text = email.string("auth") {
            guard let chosen = SMTPSettings.Auth(rawValue: text.lowercased()) else {
                email.fail("auth", "expected plain or login (or leave it out: the best the server offers)")
                return nil
            }
            auth = chosen
        }
        guard let (host, port) = HostPort.parse(server, defaultPort: security.defaultPort) else {
            email.fail("smtp", "expected host or host:port, e.g. smtp.example.dz:587")
            return nil
        }
        return .smtp(SMTPSettings(host: host, port: port, security: security, username: username, password: password,
                                  auth: auth, caFile: email.string("caFile")))
    }

    /// `password: …` or `passwordEnv: NAME` (the password in that environment variable), or nil with an error
    /// when both are given or the variable is not set. The password itself never goes into an error.
    static func secret(_ reader: inout FieldReader, environment: [String: String]) -> Secret? {
        let inline = reader.string("password"), variable = reader.string("passwordEnv")
        switch (inline, variable) {
        case (_?, _?):
            reader.fail("password", "give password or passwordEnv, not both")
            return nil
        case (let value?, nil):
            return Secret(value)
        case (nil, let name?):
            guard let value = environment[name], !value.isEmpty else {
                reader.fail("passwordEnv", "the environment variable \(name) is not set",
                            suggestion: "export \(name)=… before starting mawid, or use password:")
                return nil
            }
            return Secret(value)
        case (nil, nil):
            return nil
        }
    }

    /// The line of `email` or `email.from` in the file: the nested key's, else its section's.
    static func line(of name: String, in fields: [String: Field]) -> Int? {
        let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
        guard let section = fields[parts[0]] else { return nil }
        if parts.count == 2, let mapping = section.node.mapping {
            for (key, _) in mapping where key.string == parts[1] { return section.line(of: key) }
        }
        return section.line
    }

    /// `90s`, `30m`, `48h`, `2d` (a number and its unit) in seconds; nil otherwise.
    public static func duration(_ text: String) -> TimeInterval? {
        let text = text.trimmingCharacters(in: .whitespaces)
        guard let unit = text.last, let scale = ["s": 1.0, "m": 60, "h": 3600, "d": 86_400][String(unit)],
              let value = Double(text.dropLast()), value >= 0, value.isFinite else { return nil }
        return value * scale
    }
}

/// The notify config's own kinds of values.
extension FieldReader {
    /// `48h`, `30m`… more than 0 seconds; nil when the key is absent or (with an error) not a duration.
    mutating func duration(_ key: String) -> TimeInterval? {
        fields[key].flatMap { duration($0, key: key) }
    }

    /// One duration, e.g. an item of `reminders: [48h, 2h]`.
    mutating func duration(_ field: Field, key: String) -> TimeInterval? {
        guard let text = field.node.string, let value = NotificationConfig.duration(text), value > 0 else {
            fail(field, key: key, "expected a duration with its unit", suggestion: "e.g. 48h, 30m, 10s or 2d")
            return nil
        }
        return value
    }

    /// A whole number, at least 1; nil when the key is absent or (with an error) not one.
    mutating func count(_ key: String) -> Int? {
        guard let field = fields[key] else { return nil }
        guard let value = field.node.string.flatMap({ Int($0) }), value >= 1 else {
            fail(key, "expected a whole number, at least 1")
            return nil
        }
        return value
    }
}
