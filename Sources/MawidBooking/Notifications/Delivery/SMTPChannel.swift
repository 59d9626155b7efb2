import Foundation

/// Email through an SMTP relay (plain SMTP, no authentication, no TLS: a relay on this machine or the
/// local network): EHLO, MAIL FROM, RCPT TO, DATA, QUIT, each answer checked.
public struct SMTPChannel: MessageChannel {
    public var host: String
    public var port: Int
    /// `From:` of the emails, e.g. `Mawid <no-reply@mawid.example.dz>`; its address is the envelope sender.
    public var from: String
    /// The name given in EHLO.
    public var heloName: String
    public var timeout: TimeInterval

    public init(host: String, port: Int = 25, from: String, heloName: String = "localhost", timeout: TimeInterval = 30) {
        self.host = host
        self.port = port
        self.from = from
        self.heloName = heloName
        self.timeout = timeout
    }

    public func send(_ message: OutgoingMessage) async throws {
        let text = try EmailFormat.message(from: from, to: message.recipient, subject: message.subject ?? "",
                                           body: message.body, messageID: message.messageID, date: message.date,
                                           lineEnding: "\r\n")
        let recipient = message.recipient
        guard !recipient.hasLineBreak, !recipient.contains("<"), !recipient.contains(">") else {
            throw DeliveryError("invalid recipient address", permanent: true)
        }
        let channel = self
        try await Blocking.run { try channel.deliver(text, to: recipient) }
    }

    private func deliver(_ text: String, to recipient: String) throws {
        let connection = try TCPConnection(host: host, port: port, timeout: timeout)
        try expect(connection, 220, step: "greeting")
        try connection.write("EHLO \(heloName)\r\n")
        if (try? expect(connection, 250, step: "EHLO")) == nil {
            try connection.write("HELO \(heloName)\r\n")
            try expect(connection, 250, step: "HELO")
        }
        try connection.write("MAIL FROM:<\(EmailFormat.address(from))>\r\n")
        try expect(connection, 250, step: "MAIL FROM")
        try connection.write("RCPT TO:<\(recipient)>\r\n")
        try expect(connection, [250, 251], step: "RCPT TO")
        try connection.write("DATA\r\n")
        try expect(connection, 354, step: "DATA")
        try connection.write(Self.dotStuffed(text) + ".\r\n")
        try expect(connection, 250, step: "end of DATA")
        try? connection.write("QUIT\r\n")
    }

    private func expect(_ connection: TCPConnection, _ code: Int, step: String) throws {
        try expect(connection, [code], step: step)
    }

    /// Reads a (possibly multi-line) reply; only its code is kept: servers quote addresses in their text.
    private func expect(_ connection: TCPConnection, _ codes: [Int], step: String) throws {
        var line = try connection.readLine()
        while line.count > 3, line[line.index(line.startIndex, offsetBy: 3)] == "-" {
            line = try connection.readLine()
        }
        let code = Int(line.prefix(3)) ?? 0
        guard codes.contains(code) else {
            throw DeliveryError("SMTP \(step) refused (\(code))", permanent: (500...599).contains(code) && step == "RCPT TO")
        }
    }

    /// Lines starting with a dot get another one (RFC 5321 §4.5.2); the text ends with CRLF.
    static func dotStuffed(_ text: String) -> String {
        text.split(separator: "\r\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix(".") ? "." + $0 : String($0) }
            .joined(separator: "\r\n")
    }
}
