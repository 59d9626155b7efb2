import Foundation
import MawidDelivery

/// How `OutboxWorker` sends: the channels (none configured: messages wait as `held`, listed by
/// `mawid outbox list`), retries and housekeeping. The server loads it from its configuration.
public struct NotificationSettings: Sendable {
    public enum Email: Sendable, Hashable {
        /// A `sendmail`-compatible command reading the message on stdin (`/usr/sbin/sendmail -t -i`).
        case sendmail(command: String = "/usr/sbin/sendmail", arguments: [String] = ["-t", "-i"])
        /// SMTP: a provider's server with STARTTLS or TLS and a password, or a relay on this machine.
        case smtp(SMTPSettings)
    }

    public var email: Email?
    /// `From:` of the emails, e.g. `Mawid <no-reply@mawid.example.dz>` (needed with `email`).
    public var emailFrom: String
    public var sms: SMSGatewaySettings?
    /// Seconds allowed for connecting, each answer, or the sendmail command.
    public var timeout: TimeInterval = 30
    /// How often the worker looks for due messages.
    public var pollInterval: TimeInterval = 30
    /// At most this many messages per round.
    public var batchSize = 50
    /// After this many failed attempts a message is `failed` (no more retries).
    public var maxAttempts = 10
    /// The wait after the first failure; doubled at each further failure, up to `maxRetryDelay`.
    public var retryDelay: TimeInterval = 60
    public var maxRetryDelay: TimeInterval = 6 * 3600
    /// Sent and failed messages are deleted this long after (they hold addresses and texts).
    public var retention: TimeInterval = 30 * 86_400
    /// Accounts with `notify = digest` get at most one email per this interval.
    public var digestInterval: TimeInterval = 86_400

    public init(email: Email? = nil, emailFrom: String = "Mawid <no-reply@localhost>", sms: SMSGatewaySettings? = nil) {
        self.email = email
        self.emailFrom = emailFrom
        self.sms = sms
    }

    /// The right-hand side of `Message-ID`s: the domain of `emailFrom`.
    public var messageIDHost: String {
        let address = EmailFormat.address(emailFrom)
        guard let at = address.lastIndex(of: "@") else { return "localhost" }
        let host = address[address.index(after: at)...]
        return host.isEmpty ? "localhost" : String(host)
    }

    /// What is wrong with the settings (empty when fine), each naming its key in the notify config file.
    public var problems: [SettingsProblem] {
        var problems: [SettingsProblem] = []
        if email != nil, !Self.isAddress(EmailFormat.address(emailFrom)) {
            problems.append(.init(field: "email.from",
                                  message: "the sender must be an email address, e.g. \"Mawid <no-reply@example.dz>\""))
        }
        if case .smtp(let smtp)? = email {
            problems += smtp.problems.map { SettingsProblem(field: $0.field, message: $0.message) }
        }
        if case .sendmail(let command, _)? = email, !command.hasPrefix("/") {
            problems.append(.init(field: "email.sendmail", message: "give the command's absolute path, e.g. /usr/sbin/sendmail -t -i"))
        }
        if let sms { problems += sms.problems.map { SettingsProblem(field: $0.field, message: $0.message) } }
        if maxAttempts < 1 { problems.append(.init(field: "maxAttempts", message: "must be at least 1")) }
        if pollInterval <= 0 { problems.append(.init(field: "pollInterval", message: "must be more than 0 seconds")) }
        if retryDelay <= 0 { problems.append(.init(field: "retryDelay", message: "must be more than 0 seconds")) }
        return problems
    }

    /// `local@host`: one `@`, both sides non-empty, no spaces or brackets (`no-reply@localhost` is fine).
    static func isAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && !parts[1].isEmpty
            && !text.contains { $0.isWhitespace || "<>,;\"".contains($0) }
    }

    /// The channels these settings describe.
    func channels() -> [OutboxChannel: any MessageChannel] {
        var channels: [OutboxChannel: any MessageChannel] = [:]
        switch email {
        case .sendmail(let command, let arguments)?:
            channels[.email] = SendmailChannel(command: command, arguments: arguments, from: emailFrom, timeout: timeout)
        case .smtp(let smtp)?:
            channels[.email] = SMTPChannel(settings: smtp, from: emailFrom, heloName: messageIDHost, timeout: timeout)
        case nil: break
        }
        if let sms {
            channels[.sms] = HTTPSMSChannel(settings: sms, timeout: timeout)
        }
        return channels
    }

    /// The wait before the next attempt after `attempts` failed ones.
    func retryDelay(afterAttempts attempts: Int) -> TimeInterval {
        min(retryDelay * pow(2, Double(max(0, attempts - 1))), maxRetryDelay)
    }
}

/// One thing wrong with `NotificationSettings`: its key in the notify config file and why.
public struct SettingsProblem: Hashable, Sendable, CustomStringConvertible {
    /// E.g. `email.from`, `sms.url`.
    public var field: String
    public var message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "\(field): \(message)" }
}
