import Foundation

/// A plain-text email (RFC 5322 + MIME): UTF-8 body in base64, non-ASCII headers as RFC 2047 encoded words.
public enum EmailFormat {
    /// The whole message for an outbox row, sent as `from`.
    static func message(_ message: OutgoingMessage, from: String, lineEnding: String) throws -> String {
        try self.message(from: from, to: message.recipient, subject: message.subject ?? "", body: message.body,
                         messageID: message.messageID, date: message.date, lineEnding: lineEnding)
    }

    /// The whole message. `lineEnding` is CRLF for SMTP, LF for a local sendmail.
    /// - Throws: `DeliveryError` if an address or the Message-ID holds a line break (header injection).
    static func message(from: String, to: String, subject: String, body: String, messageID: String, date: Date,
                        lineEnding: String) throws -> String {
        for field in [from, to, messageID] where field.hasLineBreak {
            throw DeliveryError("email header with a line break", permanent: true)
        }
        let headers = [
            "From: " + mailbox(from, lineEnding: lineEnding),
            "To: " + to,
            "Subject: " + headerText(subject, lineEnding: lineEnding),
            "Date: " + rfc5322Date(date),
            "Message-ID: " + messageID,
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=UTF-8",
            "Content-Transfer-Encoding: base64",
            "Auto-Submitted: auto-generated",
        ]
        let normalized = body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n")
        let encoded = Data(normalized.utf8).base64EncodedString()
        let lines = stride(from: 0, to: encoded.count, by: 76).map { start -> String in
            let from = encoded.index(encoded.startIndex, offsetBy: start)
            return String(encoded[from..<(encoded.index(from, offsetBy: 76, limitedBy: encoded.endIndex) ?? encoded.endIndex)])
        }
        return (headers + [""] + lines).joined(separator: lineEnding) + lineEnding
    }

    /// The address alone of `Name <addr>` or `addr`.
    public static func address(_ mailbox: String) -> String {
        guard let open = mailbox.lastIndex(of: "<"), let close = mailbox.lastIndex(of: ">"), open < close else {
            return mailbox.trimmingCharacters(in: .whitespaces)
        }
        return String(mailbox[mailbox.index(after: open)..<close])
    }

    /// `Name <addr>` with the name encoded if it is not plain ASCII.
    static func mailbox(_ mailbox: String, lineEnding: String) -> String {
        guard let open = mailbox.lastIndex(of: "<") else { return mailbox }
        let name = mailbox[..<open].trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { return "<\(address(mailbox))>" }
        return headerText(name, lineEnding: lineEnding) + lineEnding + " <\(address(mailbox))>"
    }

    /// Printable ASCII as is; anything else as `=?UTF-8?B?…?=` words of at most 75 characters, folded.
    static func headerText(_ text: String, lineEnding: String) -> String {
        var flat = ""
        for scalar in text.unicodeScalars { flat.unicodeScalars.append(String(scalar).hasLineBreak ? " " : scalar) }
        if flat.utf8.allSatisfy({ (0x20...0x7E).contains($0) }) && flat.utf8.count <= 65 { return flat }
        var words: [String] = []
        var chunk = ""
        for character in flat {
            if chunk.utf8.count + String(character).utf8.count > 36 {
                words.append(chunk)
                chunk = ""
            }
            chunk.append(character)
        }
        if !chunk.isEmpty { words.append(chunk) }
        return words.map { "=?UTF-8?B?" + Data($0.utf8).base64EncodedString() + "?=" }.joined(separator: lineEnding + " ")
    }

    /// `Tue, 18 Mar 2025 06:00:00 +0000`
    static func rfc5322Date(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.weekday, .day, .month, .year, .hour, .minute, .second], from: date)
        let names = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let two = { (n: Int?) in (n ?? 0) < 10 ? "0\(n ?? 0)" : "\(n ?? 0)" }
        return "\(names[(parts.weekday ?? 1) - 1]), \(parts.day ?? 1) \(months[(parts.month ?? 1) - 1]) \(parts.year ?? 1970) "
            + "\(two(parts.hour)):\(two(parts.minute)):\(two(parts.second)) +0000"
    }
}
