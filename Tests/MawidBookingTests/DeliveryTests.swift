import Foundation
@testable import MawidDelivery
import Testing
@testable import MawidBooking

/// Email formatting, the sendmail channel (with a stand-in script), HTTP gateway details.
@Suite struct DeliveryTests {
    let message = OutgoingMessage(outboxID: 7, kind: "confirmed", recipient: "karim@example.dz",
                                  subject: "Rendez-vous confirmé le mercredi 19 mars 2025 à 09:00",
                                  body: "Bonjour,\n\nMédecin : د. أمينة حداد\n.\n", idempotencyKey: "b1-a2-confirmed-email",
                                  messageID: "<outbox-7-b1-a2-confirmed-email@mawid.example.dz>",
                                  date: instant("2025-03-18T06:00:00Z"))

    @Test func emailsAreMIMEWithEncodedHeadersAndABase64Body() throws {
        let text = try EmailFormat.message(from: "Mawid — Alger <no-reply@mawid.example.dz>", to: message.recipient,
                                           subject: message.subject!, body: message.body, messageID: message.messageID,
                                           date: message.date, lineEnding: "\r\n")
        let (head, body) = try #require(text.split(separator: "\r\n\r\n", maxSplits: 1).map(String.init).pairs)
        #expect(head.contains("\r\nTo: karim@example.dz\r\n"))
        #expect(head.contains("Message-ID: <outbox-7-b1-a2-confirmed-email@mawid.example.dz>"))
        #expect(head.contains("Date: Tue, 18 Mar 2025 06:00:00 +0000"))
        #expect(head.hasPrefix("From: =?UTF-8?B?"))
        #expect(head.contains("\r\n <no-reply@mawid.example.dz>\r\n"))
        #expect(head.contains("Subject: =?UTF-8?B?"))
        #expect(head.split(separator: "\r\n").allSatisfy { $0.utf8.count <= 78 })
        let decoded = try #require(Data(base64Encoded: body.replacingOccurrences(of: "\r\n", with: "")))
        #expect(String(decoding: decoded, as: UTF8.self) == "Bonjour,\r\n\r\nMédecin : د. أمينة حداد\r\n.\r\n")
        #expect(EmailFormat.headerText("Plain subject", lineEnding: "\r\n") == "Plain subject")
    }

    @Test func headerInjectionIsRefused() {
        #expect(throws: DeliveryError.self) {
            try EmailFormat.message(from: "a@b.dz", to: "x@y.dz\r\nBcc: z@w.dz", subject: "s", body: "b",
                                    messageID: "<m@h>", date: Date(), lineEnding: "\r\n")
        }
        #expect(!EmailFormat.headerText("a\r\nBcc: x", lineEnding: "\r\n").contains("\n"))
    }

    @Test func sendmailGetsTheMessageOnStandardInput() async throws {
        let folder = TempFolder()
        defer { folder.cleanup() }
        try FileManager.default.createDirectory(at: folder.url, withIntermediateDirectories: true)
        let script = folder.path("sendmail")
        try "#!/bin/sh\necho \"$@\" > \"$0.args\"\ncat > \"$0.out\"\n".write(toFile: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
        try await SendmailChannel(command: script, from: "Mawid <no-reply@mawid.example.dz>").send(message)
        let sent = try String(contentsOfFile: script + ".out", encoding: .utf8)
        #expect(sent.contains("\nTo: karim@example.dz\n"))
        #expect(sent.contains("Message-ID: <outbox-7-b1-a2-confirmed-email@mawid.example.dz>\n"))
        #expect(!sent.contains("\r"))
        #expect(try String(contentsOfFile: script + ".args", encoding: .utf8) == "-t -i\n")

        try "#!/bin/sh\ncat > /dev/null\nexit 75\n".write(toFile: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
        await #expect(throws: DeliveryError("sendmail exited with status 75")) {
            try await SendmailChannel(command: script, from: "no-reply@mawid.example.dz").send(message)
        }
        await #expect(throws: DeliveryError("sendmail could not be started")) {
            try await SendmailChannel(command: folder.path("missing"), from: "no-reply@mawid.example.dz").send(message)
        }
    }

    @Test func gatewayURLsAndBodies() {
        #expect(SMSGatewaySettings.target("http://127.0.0.1:8025/sms?x=1")! == (false, "127.0.0.1", 8025))
        #expect(SMSGatewaySettings.target("https://sms.example.dz/v1/send")! == (true, "sms.example.dz", 443))
        #expect(SMSGatewaySettings.target("http://gateway.local")! == (false, "gateway.local", 80))
        #expect(SMSGatewaySettings.target("https://[::1]:9000/send")! == (true, "::1", 9000))
        for bad in ["ftp://x/", "http://:80/", "https://user:pw@sms.example.dz/", "https://sms.example.dz/a b", "sms.example.dz"] {
            #expect(SMSGatewaySettings.target(bad) == nil, "\(bad)")
        }
        #expect(HTTPSMSChannel.jsonEscaped("a \"b\" \\ \n\u{1}") == "a \\\"b\\\" \\\\ \\n\\u0001")
        let form = HTTPSMSChannel(settings: .init(url: "http://x", contentType: "application/x-www-form-urlencoded"))
        #expect(form.escape("+213 موعد&") == "%2B213%20%D9%85%D9%88%D8%B9%D8%AF%26")
    }

    /// One reader of `host[:port]` for the SMTP server.
    @Test func hostAndPort() {
        #expect(HostPort.parse("relay.clinic.lan", defaultPort: 25)! == ("relay.clinic.lan", 25))
        #expect(HostPort.parse("127.0.0.1:2525", defaultPort: 25)! == ("127.0.0.1", 2525))
        #expect(HostPort.parse("[::1]", defaultPort: 80)! == ("::1", 80))
        #expect(HostPort.parse("[::1]:8025", defaultPort: 80)! == ("::1", 8025))
        for bad in ["", ":25", "relay:0", "relay:65536", "relay:smtp", "my relay:25", "a@relay", "relay/x", "::1:25"] {
            #expect(HostPort.parse(bad, defaultPort: 25) == nil, "\(bad)")
        }
        #expect(HostPort.text(host: "::1", port: 25) == "[::1]:25")
    }

    @Test func connectionErrorsNameNoData() async {
        // Nothing listens on port 9 of the loopback.
        let channel = SMTPChannel(settings: .init(host: "127.0.0.1", port: 9), from: "no-reply@mawid.example.dz", timeout: 2)
        await #expect(throws: DeliveryError("SMTP: cannot connect to 127.0.0.1:9 (refused or unreachable)")) {
            try await channel.send(message)
        }
        let gateway = HTTPSMSChannel(settings: .init(url: "https://127.0.0.1:9/send?key=s3cret"), timeout: 2)
        await #expect(throws: DeliveryError("cannot connect to the SMS gateway 127.0.0.1:9 (refused or unreachable)")) {
            try await gateway.send(message)
        }
    }

    @Test func settingsProblemsAndMasking() {
        var settings = NotificationSettings(email: .smtp(.init(host: "127.0.0.1", username: "cabinet")), emailFrom: "Mawid",
                                            sms: .init(url: "https://user:pw@sms.example.dz"))
        #expect(settings.problems.map(\.field) == ["email.from", "email.password", "email.security", "sms.url"])
        settings.emailFrom = "Mawid <no-reply@mawid.example.dz>"
        settings.email = .smtp(.init(host: "smtp.example.dz", security: .starttls, username: "cabinet", password: Secret("pw")))
        settings.sms = .init(url: "https://sms.example.dz/send")
        #expect(settings.problems.isEmpty)
        #expect(settings.messageIDHost == "mawid.example.dz")
        #expect(OutboxMessage.mask("+213550123456") == "+2135******56")
        #expect(OutboxMessage.mask("amina@example.dz") == "a***@example.dz")
    }

    /// A password never shows when settings are printed or dumped.
    @Test func secretsDoNotPrint() {
        let smtp = SMTPSettings(host: "smtp.example.dz", security: .starttls, username: "cabinet", password: Secret("hunter2"))
        let gateway = SMSGatewaySettings(url: "https://sms.example.dz/send?key=k3y", headers: ["Authorization": "Bearer t0ken"],
                                         basicAuth: BasicAuth(user: "api", password: Secret("s3cret-key")))
        var dumped = ""
        dump(smtp, to: &dumped)
        dump(gateway, to: &dumped)
        let printed = "\(smtp) \(gateway) \(String(reflecting: smtp)) " + dumped
        for secret in ["hunter2", "s3cret-key", "k3y", "t0ken"] { #expect(!printed.contains(secret), "\(secret)") }
        #expect(smtp.password?.reveal == "hunter2")
    }
}

extension Array where Element == String {
    /// The two elements of a two-element array.
    var pairs: (String, String)? { count == 2 ? (self[0], self[1]) : nil }
}
