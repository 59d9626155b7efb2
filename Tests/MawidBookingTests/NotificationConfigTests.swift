import Foundation
import MawidDelivery
import MawidSite
import Testing
@testable import MawidBooking

/// `mawid serve --notify-config FILE`: what a clinic writes, and the errors it gets when it mistypes.
@Suite struct NotificationConfigTests {
    @Test func aFullFileGivesChannelsRemindersAndTimings() throws {
        let config = try NotificationConfig.parse("""
            # How Mawid sends its messages.
            email:
              smtp: relay.clinic.lan:2525
              from: "Mawid <no-reply@mawid.example.dz>"
            sms:
              url: http://127.0.0.1:9000/send
              headers:
                Authorization: "Bearer s3cret"
              bodyTemplate: '{"to": "{{to}}", "message": "{{text}}"}'
            reminders: [48h, 2h]
            offerDuration: 90m
            pollInterval: 10s
            maxAttempts: 5
            retryDelay: 2m
            digestInterval: 1d
            """, path: "notify.yml")
        #expect(config.settings.email == .smtp(.init(host: "relay.clinic.lan", port: 2525, security: .none)))
        #expect(config.settings.emailFrom == "Mawid <no-reply@mawid.example.dz>")
        #expect(config.settings.sms == .init(url: "http://127.0.0.1:9000/send", headers: ["Authorization": "Bearer s3cret"],
                                             bodyTemplate: #"{"to": "{{to}}", "message": "{{text}}"}"#))
        #expect(config.policy.reminders == [48 * 3600, 2 * 3600])
        #expect(config.policy.offerDuration == 90 * 60)
        #expect(config.settings.pollInterval == 10 && config.settings.maxAttempts == 5 && config.settings.retryDelay == 120)
        #expect(config.settings.digestInterval == 86_400)
        #expect(config.settings.channels().keys.count == 2)
    }

    @Test func anEmptyFileKeepsMessagesHeld() throws {
        let config = try NotificationConfig.parse("# nothing configured yet\n", path: "notify.yml")
        #expect(config.settings.email == nil && config.settings.sms == nil)
        #expect(config.settings.channels().isEmpty)
        #expect(config.policy.reminders == [48 * 3600])
    }

    @Test func sendmailTakesItsArguments() throws {
        let config = try NotificationConfig.parse("email:\n  sendmail: /usr/sbin/sendmail -t -i\n  from: no-reply@clinic.dz\n", path: "n.yml")
        #expect(config.settings.email == .sendmail(command: "/usr/sbin/sendmail", arguments: ["-t", "-i"]))
    }

    @Test func everyMistakeIsReportedWithItsLineAndField() {
        let text = """
            emial:
              smtp: 127.0.0.1
            email:
              smtp: 127.0.0.1:99999
              sendmial: /usr/sbin/sendmail
            sms:
              url: https://user:pw@sms.example.dz/send
            reminders: [48h, 2 hours]
            pollInterval: 0s
            maxAttempts: many
            """
        let errors = problems(text)
        #expect(errors.contains("notify.yml:1: emial: unknown setting (did you mean \"email\"?)"))
        #expect(errors.contains("notify.yml:4: email.smtp: expected host or host:port, e.g. smtp.example.dz:587"))
        #expect(errors.contains("notify.yml:5: email.sendmial: unknown setting (did you mean \"email.sendmail\"?)"))
        #expect(errors.contains { $0.hasPrefix("notify.yml:3: email.from: missing") })
        #expect(errors.contains { $0.hasPrefix("notify.yml:7: sms.url: expected an https:// (or http://) URL") })
        #expect(errors.contains("notify.yml:8: reminders: expected a duration with its unit (e.g. 48h, 30m, 10s or 2d)"))
        #expect(errors.contains("notify.yml:9: pollInterval: expected a duration with its unit (e.g. 48h, 30m, 10s or 2d)"))
        #expect(errors.contains("notify.yml:10: maxAttempts: expected a whole number, at least 1"))
    }

    /// A mail provider's server: STARTTLS by default once a username is given, the password from the environment,
    /// and an HTTPS gateway with basic authentication and a private authority.
    @Test func providersWithTLSAndPasswords() throws {
        let folder = TempFolder()
        defer { folder.cleanup() }
        try FileManager.default.createDirectory(at: folder.url, withIntermediateDirectories: true)
        let ca = folder.path("ca.pem")
        try Self.certificate.write(toFile: ca, atomically: true, encoding: .utf8)
        let config = try NotificationConfig.parse("""
            email:
              smtp: smtp.example.dz
              username: cabinet@example.dz
              passwordEnv: MAWID_SMTP_PASSWORD
              auth: LOGIN
              caFile: \(ca)
              from: "Mawid <no-reply@mawid.example.dz>"
            sms:
              url: https://sms.example.dz/v1/send
              basicAuth: {user: api-user, password: "k3y"}
              contentType: application/x-www-form-urlencoded
              bodyTemplate: "to={{to}}&text={{text}}"
              caFile: \(ca)
            """, path: "notify.yml", environment: ["MAWID_SMTP_PASSWORD": "hunter2"])
        #expect(config.settings.email == .smtp(.init(host: "smtp.example.dz", port: 587, security: .starttls,
                                                     username: "cabinet@example.dz", password: Secret("hunter2"),
                                                     auth: .login, caFile: ca)))
        let sms = try #require(config.settings.sms)
        #expect(sms.basicAuth?.user == "api-user" && sms.basicAuth?.password.reveal == "k3y" && sms.caFile == ca)

        let implicit = try NotificationConfig.parse("email:\n  smtp: smtp.example.dz\n  security: tls\n  from: a@b.dz\n",
                                                    path: "n.yml")
        #expect(implicit.settings.email == .smtp(.init(host: "smtp.example.dz", port: 465, security: .tls)))
    }

    @Test func passwordMistakesAreClearAndNeverQuoteThePassword() {
        let errors = problems("""
            email:
              smtp: smtp.example.dz
              security: startls
              username: cabinet@example.dz
              passwordEnv: MAWID_NOT_SET
              from: a@b.dz
            sms:
              url: https://sms.example.dz/send
              basicAuth: {user: api, password: hunter2, passwordEnv: X}
              caFile: /nonexistent/ca.pem
            """)
        #expect(errors.contains("notify.yml:3: email.security: expected starttls, tls or none (did you mean \"starttls\"?)"))
        #expect(errors.contains("notify.yml:5: email.passwordEnv: the environment variable MAWID_NOT_SET is not set (export MAWID_NOT_SET=… before starting mawid, or use password:)"))
        #expect(errors.contains("notify.yml:9: sms.basicAuth.password: give password or passwordEnv, not both"))
        #expect(errors.contains { $0.hasPrefix("notify.yml:10: sms.caFile: cannot read PEM certificates from /nonexistent/ca.pem") })
        #expect(!errors.joined().contains("hunter2"))
        // A password is never sent without TLS.
        #expect(problems("email:\n  smtp: relay.lan:25\n  security: none\n  username: u\n  password: p\n  from: a@b.dz\n")
                == ["notify.yml:3: email.security: a password is never sent without TLS: use starttls or tls"])
    }

    /// A self-signed certificate (any will do: the loader only reads it).
    static let certificate = """
        -----BEGIN CERTIFICATE-----
        MIIBfzCCASWgAwIBAgIURDe4nKAYfBOIPtLoorta5EF8v9EwCgYIKoZIzj0EAwIw
        FTETMBEGA1UEAwwKTWF3aWQgdGVzdDAeFw0yNjEyMDMxOTE0MTJaFw0zNjExMzAx
        OTE0MTJaMBUxEzARBgNVBAMMCk1hd2lkIHRlc3QwWTATBgcqhkjOPQIBBggqhkjO
        PQMBBwNCAASifxZ2K7iDcVvkOqzOu/IfaPlSTQJ5y3oK7ObNuL3z1ufwXT5cZcAy
        RlOtAf2nSsuHKHRWaeMS0L2pCnuzFbJmo1MwUTAdBgNVHQ4EFgQUe+ST7nYfEmZj
        IeyUesOBj4ux18QwHwYDVR0jBBgwFoAUe+ST7nYfEmZjIeyUesOBj4ux18QwDwYD
        VR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNIADBFAiEAyGlKG85Tcs6QKPffBB+/
        Gc+diVytMGj6o1TlT5cYQ5MCIAR8oRw1L5ZskRTWE/K9n+BTkLYbGj+Gk3Byi0+O
        h5tm
        -----END CERTIFICATE-----
        """

    /// Nothing close to a mistyped key: the choices of its section, as for content files.
    @Test func anUnknownKeyWithNothingCloseListsTheChoices() {
        let errors = problems("sms:\n  url: http://127.0.0.1:9000/send\n  gateway: x\nemail: smtp\n")
        #expect(errors == [
            "notify.yml:3: sms.gateway: unknown setting (expected one of: sms.basicAuth, sms.bodyTemplate, sms.caFile, sms.contentType, sms.headers, sms.url)",
            "notify.yml:4: email: expected `key: value` lines under email:",
        ])
    }

    /// The errors of a file, as printed.
    func problems(_ text: String) -> [String] {
        do {
            _ = try NotificationConfig.parse(text, path: "notify.yml")
            return []
        } catch {
            return error.errors.map(\.description)
        }
    }

    @Test func durations() {
        #expect(NotificationConfig.duration("48h") == 172_800)
        #expect(NotificationConfig.duration("1.5h") == 5400)
        #expect(NotificationConfig.duration("30m") == 1800)
        #expect(NotificationConfig.duration("2d") == 172_800)
        #expect(NotificationConfig.duration("10") == nil)
        #expect(NotificationConfig.duration("-1h") == nil)
        #expect(NotificationConfig.duration("h") == nil)
    }
}
