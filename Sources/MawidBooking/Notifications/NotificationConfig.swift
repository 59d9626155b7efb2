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
        let fields: [String: Item]
        do {
            fields = try SourceFile.parseYAML(text, path: path).mapValues { Item(node: $0.node, line: $0.line) }
        } catch { throw ContentErrors([error]) }
        var reader = Reader(path: path)
        for (key, item) in fields { reader.lines[key] = item.line }
        var config = NotificationConfig()
        reader.unknownKeys(fields.mapValues(\.line), known: keys, prefix: "")

        if let email = fields["email"] {
            let map = reader.mapping(email, "email")
            reader.unknownKeys(map.mapValues(\.line), known: emailKeys, prefix: "email.")
            let smtp = map["smtp"].flatMap { reader.string($0, "email.smtp") }
            let sendmail = map["sendmail"].flatMap { reader.string($0, "email.sendmail") }
            switch (smtp, sendmail) {
            case let (relay?, nil):
                if let (host, port) = TCPConnection.hostPort(relay.trimmingCharacters(in: .whitespaces), defaultPort: 25) {
                    config.settings.email = .smtp(host: host, port: port)
                } else {
                    reader.problem(map["smtp"]!.line, "email.smtp", "expected host or host:port, e.g. 127.0.0.1:25")
                }
            case let (nil, command?):
                let words = command.split(separator: " ").map(String.init)
                if let first = words.first { config.settings.email = .sendmail(command: first, arguments: Array(words.dropFirst())) }
            case (_?, _?):
                reader.problem(email.line, "email", "give smtp or sendmail, not both")
            case (nil, nil):
                reader.problem(email.line, "email", "give smtp: HOST:PORT or sendmail: COMMAND")
            }
            if let from = map["from"].flatMap({ reader.string($0, "email.from") }) {
                config.settings.emailFrom = from
            } else if map["from"] == nil {
                reader.problem(email.line, "email.from", "missing: the sender of the emails, e.g. \"Mawid <no-reply@example.dz>\"")
            }
        }

        if let sms = fields["sms"] {
            let map = reader.mapping(sms, "sms")
            reader.unknownKeys(map.mapValues(\.line), known: smsKeys, prefix: "sms.")
            if let url = map["url"].flatMap({ reader.string($0, "sms.url") }) {
                var gateway = NotificationSettings.SMSGateway(url: url)
                if let headers = map["headers"] {
                    for (name, value) in reader.mapping(headers, "sms.headers") {
                        if let value = reader.string(value, "sms.headers.\(name)") { gateway.headers[name] = value }
                    }
                }
                if let body = map["bodyTemplate"].flatMap({ reader.string($0, "sms.bodyTemplate") }) { gateway.bodyTemplate = body }
                if let type = map["contentType"].flatMap({ reader.string($0, "sms.contentType") }) { gateway.contentType = type }
                config.settings.sms = gateway
            } else if map["url"] == nil {
                reader.problem(sms.line, "sms.url", "missing: the gateway's http:// address")
            }
        }

        if let reminders = fields["reminders"] {
            if let items = reminders.node.sequence {
                config.policy.reminders = items.compactMap { reader.duration(Item($0, below: reminders), "reminders") }
            } else if let one = reader.duration(reminders, "reminders") {
                config.policy.reminders = [one]
            }
        }
        if let field = fields["offerDuration"], let value = reader.duration(field, "offerDuration") { config.policy.offerDuration = value }
        let durations: [(String, WritableKeyPath<NotificationSettings, TimeInterval>)] = [
            ("pollInterval", \.pollInterval), ("timeout", \.timeout), ("retryDelay", \.retryDelay),
            ("maxRetryDelay", \.maxRetryDelay), ("digestInterval", \.digestInterval), ("retention", \.retention),
        ]
        for (key, path) in durations {
            if let field = fields[key], let value = reader.duration(field, key) { config.settings[keyPath: path] = value }
        }
        for (key, path) in [("maxAttempts", \NotificationSettings.maxAttempts), ("batchSize", \.batchSize)] {
            if let field = fields[key], let value = reader.count(field, key) { config.settings[keyPath: path] = value }
        }

        // What the settings say of themselves, at the line of their key (or of its section).
        for problem in config.settings.problems where !reader.reported(problem.field) {
            let top = String(problem.field.split(separator: ".").first ?? "")
            reader.problem(reader.lines[problem.field] ?? reader.lines[top] ?? 1, problem.field, problem.message)
        }
        if !reader.errors.isEmpty { throw ContentErrors(reader.errors) }
        return config
    }

    /// `90s`, `30m`, `48h`, `2d` (a number and its unit) in seconds; nil otherwise.
    public static func duration(_ text: String) -> TimeInterval? {
        let text = text.trimmingCharacters(in: .whitespaces)
        guard let unit = text.last, let scale = ["s": 1.0, "m": 60, "h": 3600, "d": 86_400][String(unit)],
              let value = Double(text.dropLast()), value >= 0, value.isFinite else { return nil }
        return value * scale
    }

    /// A YAML value and the line it is on.
    struct Item {
        var node: Node
        var line: Int

        init(node: Node, line: Int) {
            self.node = node
            self.line = line
        }

        /// A value nested in `parent` (the file is parsed from its first line, so marks are file lines).
        init(_ node: Node, below parent: Item) {
            self.init(node: node, line: node.mark?.line ?? parent.line)
        }
    }

    /// Collects the errors of one file.
    struct Reader {
        let path: String
        var errors: [ContentError] = []
        /// The line of each key read, by its dotted name (`sms.url`).
        var lines: [String: Int] = [:]

        mutating func problem(_ line: Int, _ field: String, _ message: String, _ suggestion: String? = nil) {
            errors.append(ContentError(path: path, line: line, field: field, message: message, suggestion: suggestion))
        }

        func reported(_ field: String) -> Bool { errors.contains { $0.field == field } }

        mutating func unknownKeys(_ lines: [String: Int], known: [String], prefix: String) {
            for (key, line) in lines where !known.contains(key) {
                problem(line, prefix + key, "unknown setting",
                        Suggest.closest(to: key, in: known).map { "did you mean \"\(prefix)\($0)\"?" }
                            ?? "known here: " + known.map { prefix + $0 }.joined(separator: ", "))
            }
        }

        /// The fields of a nested mapping, each with its line.
        mutating func mapping(_ item: Item, _ name: String) -> [String: Item] {
            guard let mapping = item.node.mapping else {
                problem(item.line, name, "expected `key: value` lines under \(name):")
                return [:]
            }
            var fields: [String: Item] = [:]
            for (key, value) in mapping {
                guard let text = key.string else { continue }
                fields[text] = Item(node: value, line: Item(key, below: item).line)
                lines[name + "." + text] = fields[text]!.line
            }
            return fields
        }

        mutating func string(_ field: Item, _ name: String) -> String? {
            guard let text = field.node.string, !text.trimmingCharacters(in: .whitespaces).isEmpty else {
                problem(field.line, name, "expected a text")
                return nil
            }
            return text
        }

        mutating func duration(_ field: Item, _ name: String) -> TimeInterval? {
            guard let text = field.node.string, let value = NotificationConfig.duration(text), value > 0 else {
                problem(field.line, name, "expected a duration with its unit", "e.g. 48h, 30m, 10s or 2d")
                return nil
            }
            return value
        }

        mutating func count(_ field: Item, _ name: String) -> Int? {
            guard let value = field.node.string.flatMap({ Int($0) }), value >= 1 else {
                problem(field.line, name, "expected a whole number, at least 1")
                return nil
            }
            return value
        }
    }
}
