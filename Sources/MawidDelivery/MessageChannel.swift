import Foundation

/// One message as a channel sends it. `kind` names the message (`confirmed`, `reminder`…), for descriptions.
public struct OutgoingMessage: Sendable, Hashable {
    public var outboxID: Int64
    public var kind: String
    /// An email address or an E.164 number.
    public var recipient: String
    /// Emails only.
    public var subject: String?
    public var body: String
    /// The same at every attempt: the SMS gateway's `Idempotency-Key` and `{{id}}`.
    public var idempotencyKey: String
    /// The email's `Message-ID` (`<outbox-{id}-{key}@{host}>`), the same at every attempt.
    public var messageID: String
    public var date: Date

    public init(outboxID: Int64, kind: String, recipient: String, subject: String?, body: String,
                idempotencyKey: String, messageID: String, date: Date) {
        self.outboxID = outboxID
        self.kind = kind
        self.recipient = recipient
        self.subject = subject
        self.body = body
        self.idempotencyKey = idempotencyKey
        self.messageID = messageID
        self.date = date
    }
}

extension OutgoingMessage: CustomStringConvertible {
    public var description: String { "OutgoingMessage \(outboxID) (\(kind))" }
}

/// A way to send messages: email (sendmail, SMTP) or SMS (an HTTP gateway). Tests inject fakes.
public protocol MessageChannel: Sendable {
    /// Sends one message, or throws (a `DeliveryError` says why without patient data).
    func send(_ message: OutgoingMessage) async throws
}

/// Why a message was not sent. Its text names the step and a status code, never an address or a text.
public struct DeliveryError: Error, Hashable, Sendable, CustomStringConvertible {
    public var summary: String
    /// Refused for good (e.g. SMTP 5xx for the recipient, HTTP 4xx): no retry.
    public var permanent: Bool

    public init(_ summary: String, permanent: Bool = false) {
        self.summary = summary
        self.permanent = permanent
    }

    public var description: String { summary }

    /// What to store in `outbox.lastError` for any error: a `DeliveryError`'s summary, else the error's type only.
    public static func summary(of error: any Error) -> String {
        (error as? DeliveryError)?.summary ?? "error \(String(describing: type(of: error)))"
    }
}

/// Runs blocking work (a libcurl transfer, a process) on a Dispatch thread, off the cooperative pool.
enum Blocking {
    static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global(qos: .utility).async { continuation.resume(with: Result { try work() }) }
        }
    }
}
