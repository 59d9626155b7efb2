import Foundation
import MawidSite
import Yams

/// The server's notification file (`mawid serve --notify-config FILE`): how emails and SMS leave, when
/// reminders go, how long offers of freed slots stay open. Kept out of `content/` (it may hold a gateway's
/// credentials and is not published). Every key is optional; without `email:` or `sms:`, messages of that
/// channel are kept (`held`) and shown in the practice area.
///
/// ```yaml
/// email:
///   smtp: 127.0.0.1:25                     # a relay (plain SMTP); or: sendmail: /usr/sbin/sendmail -t -i
///   from: "Mawid <no-reply@mawid.example.dz>"
/// sms:
///   url: http://127.0.0.1:9000/send        # http:// only
///   headers: {Authorization: "Bearer …"}
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
    static let emailKeys = ["smtp", "sendmail", "from"]
    static let smsKeys = ["url", "headers", "bodyTemplate", "contentType"]

    /// Reads and checks the file: every problem at once, as `path:line: field: message (suggestion)`.
    public static func load(path: String) throws(ContentErrors) -> NotificationConfig {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ContentErrors([ContentError(path: path, line: 1, field: "notify config", message: "cannot read the file",
                                              suggestion: "check the path given to --notify-config")])
        }
        return try parse(text, path: path)
    }

    static func parse(_ text: String, path: String) throws(ContentErrors) -> NotificationConfig {
        var reader = try FieldReader(yaml: text, path: path)
        let fields = reader.fields
        var config = NotificationConfig()
        reader.rejectUnknownKeys(allowed: keys, message: "unknown setting")

        if var email = reader.nested("email") {
            email.rejectUnknownKeys(allowed: emailKeys, message: "unknown setting")
            switch (email.string("smtp"), email.string("sendmail")) {
            case let (relay?, nil):
                if let (host, port) = TCPConnection.hostPort(relay, defaultPort: 25) {
                    config.settings.email = .smtp(host: host, port: port)
                } else {
                    email.fail("smtp", "expected host or host:port, e.g. 127.0.0.1:25")
                }
            case let (nil, command?):
                let words = command.split(separator: " ").map(String.init)
                if let first = words.first { config.settings.email = .sendmail(command: first, arguments: Array(words.dropFirst())) }
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
                var gateway = NotificationSettings.SMSGateway(url: url)
                if var headers = sms.nested("headers") {
                    for name in headers.fields.keys.sorted() {
                        if let value = headers.string(name) { gateway.headers[name] = value }
                    }
                    sms.merge(headers)
                }
                if let body = sms.string("bodyTemplate") { gateway.bodyTemplate = body }
                if let type = sms.string("contentType") { gateway.contentType = type }
                config.settings.sms = gateway
            } else if !sms.has("url") {
                sms.fail("url", "missing: the gateway's http:// address")
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
