import Foundation
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
        #expect(config.settings.email == .smtp(host: "relay.clinic.lan", port: 2525))
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
              url: https://sms.example.dz/send
            reminders: [48h, 2 hours]
            pollInterval: 0s
            maxAttempts: many
            """
        let errors = problems(text)
        #expect(errors.contains("notify.yml:1: emial: unknown setting (did you mean \"email\"?)"))
        #expect(errors.contains("notify.yml:4: email.smtp: expected host or host:port, e.g. 127.0.0.1:25"))
        #expect(errors.contains("notify.yml:5: email.sendmial: unknown setting (did you mean \"email.sendmail\"?)"))
        #expect(errors.contains { $0.hasPrefix("notify.yml:3: email.from: missing") })
        #expect(errors.contains { $0.hasPrefix("notify.yml:7: sms.url: the SMS gateway URL must be an http:// URL") })
        #expect(errors.contains("notify.yml:8: reminders: expected a duration with its unit (e.g. 48h, 30m, 10s or 2d)"))
        #expect(errors.contains("notify.yml:9: pollInterval: expected a duration with its unit (e.g. 48h, 30m, 10s or 2d)"))
        #expect(errors.contains("notify.yml:10: maxAttempts: expected a whole number, at least 1"))
    }

    /// Nothing close to a mistyped key: the choices of its section, as for content files.
    @Test func anUnknownKeyWithNothingCloseListsTheChoices() {
        let errors = problems("sms:\n  url: http://127.0.0.1:9000/send\n  gateway: x\nemail: smtp\n")
        #expect(errors == [
            "notify.yml:3: sms.gateway: unknown setting (expected one of: sms.bodyTemplate, sms.contentType, sms.headers, sms.url)",
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
