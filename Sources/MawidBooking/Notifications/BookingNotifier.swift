import MawidStorage
import Foundation
import MawidSite

/// Writes the messages a booking change causes, inside that change's transaction: to the patient (email if
/// given, SMS), to the doctor's accounts, the reminders of confirmed visits, and offers of freed slots.
/// Messages carry the doctor's name and address, the date and time, the reference and a link; never the
/// patient's reason or the specialty.
struct BookingNotifier {
    let context: MessageContext
    let messageKey: MessageToken.Key
    var now: Date
    /// Read from, and written to unless `output` is set.
    let db: any SQLConnection
    /// Collects the rows instead of writing them (`db` is then only read).
    var output: NotifierOutput? = nil
    /// Shared by the copies `at(_:)` makes: one read of the accounts per notifier.
    let practice = PracticeRecipients()

    /// The same notifier at another time (each booking of a batch has its own).
    func at(_ time: Date) -> BookingNotifier {
        var copy = self
        copy.now = time
        return copy
    }

    var renderer: MessageRenderer { MessageRenderer(templates: context.templates) }

    /// The patient's page, through a message token (creation tokens are never stored in clear).
    func patientLink(_ bookingID: Int64) -> String {
        context.patientLink(token: MessageToken.make(bookingID: bookingID, key: messageKey))
    }

    // MARK: Events

    /// A booking was inserted (`auditID`: its creation row).
    func created(_ record: BookingRecord, auditID: Int64) throws {
        let id = record.id!
        if record.status == BookingStatus.confirmed.rawValue {
            try toPatient(.confirmed, record, key: "b\(id)-a\(auditID)")
            try scheduleReminders(record, auditID: auditID)
        } else {
            try toPatient(.received, record, key: "b\(id)-a\(auditID)")
            try toPractice(.newRequest, record, key: "b\(id)-a\(auditID)")
        }
    }

    /// `before` became `after` through the action named `action` (audit row `auditID`).
    func changed(from before: BookingRecord, to after: BookingRecord, action: String, auditID: Int64) throws {
        let key = "b\(after.id!)-a\(auditID)"
        switch action {
        case "confirm": try toPatient(.confirmed, after, key: key)
        case "decline": try toPatient(.declined, after, key: key)
        case "propose": try toPatient(.proposed, after, key: key)
        case "cancelByPractice": try toPatient(.cancelled, after, key: key)
        case "patientCancel", "patientRefuse": try toPractice(.patientCancelled, after, key: key)
        case "patientReschedule", "acceptOffer": try toPractice(.patientRescheduled, after, key: key)
        default: break
        }
        let moved = before.date != after.date || before.time != after.time
        let wasConfirmed = before.status == BookingStatus.confirmed.rawValue
        let isConfirmed = after.status == BookingStatus.confirmed.rawValue
        if wasConfirmed && (!isConfirmed || moved) { try cancelReminders(after.id!) }
        if isConfirmed && (!wasConfirmed || moved) { try scheduleReminders(after, auditID: auditID) }
        let held = { (status: String) in BookingStatus(rawValue: status)?.holdsSlot ?? false }
        if held(before.status) && (!held(after.status) || moved), let slot = Self.slot(before) {
            try offerFreedSlot(doctor: before.doctor, slot: slot)
        }
    }

    // MARK: Recipients

    /// To the patient by email (if given) and SMS, in the booking's language.
    func toPatient(_ kind: MessageKind, _ record: BookingRecord, key: String, extra: [String: String] = [:],
                   link: String? = nil, at due: Date? = nil, notAfter: Date? = nil) throws {
        let message = patientMessage(kind, record, extra: extra, link: link)
        try send(message, toPatientOf: record, key: key, at: due, notAfter: notAfter)
    }

    /// The patient's channels: email first when there is one, then SMS.
    private static func patientRecipients(_ record: BookingRecord) -> [(OutboxChannel, String)] {
        var recipients: [(OutboxChannel, String)] = [(.sms, record.phone)]
        if let email = record.email, !email.isEmpty { recipients.insert((.email, email), at: 0) }
        return recipients
    }

    /// `kind` for the patient of `record`, in their language (the email body only when they have an email).
    private func patientMessage(_ kind: MessageKind, _ record: BookingRecord, extra: [String: String] = [:],
                                link: String? = nil) -> RenderedMessage {
        render(kind, record, language: record.language, link: link ?? patientLink(record.id!), extra: extra,
               email: Self.patientRecipients(record).count > 1)
    }

    private func send(_ message: RenderedMessage, toPatientOf record: BookingRecord, key: String, at due: Date?,
                      notAfter: Date?) throws {
        for (channel, recipient) in Self.patientRecipients(record) {
            try write(.outbox(draft(message, channel: channel, to: recipient, bookingID: record.id,
                                    key: "\(key)-\(message.kind.rawValue)-\(channel.rawValue)", at: due, notAfter: notAfter),
                              held: holds(channel, at: due), at: now))
        }
    }

    /// To every non-admin account of the booking's doctor that wants it, in the site's default language:
    /// at once, or a line of its next digest (accounts with `notify = digest` and an email).
    func toPractice(_ kind: MessageKind, _ record: BookingRecord, key: String) throws {
        let accounts = try practice.of(doctor: record.doctor, db: db)
        guard !accounts.isEmpty else { return }
        let emailed = accounts.contains { $0.notify != .digest && $0.email != nil }
        let message = render(kind, record, language: context.templates.defaultLanguage,
                             link: context.reviewLink(bookingID: record.id!), email: emailed)
        for account in accounts {
            if account.notify == .digest, account.email != nil, let line = message.sms {
                try write(.digest(accountID: account.id, line: line, at: now))
                continue
            }
            let base = "\(key)-\(kind.rawValue)-acc\(account.id)"
            if let email = account.email {
                try write(.outbox(draft(message, channel: .email, to: email, bookingID: record.id, key: base + "-email"),
                                  held: holds(.email, at: nil), at: now))
            }
            if let phone = account.phone {
                try write(.outbox(draft(message, channel: .sms, to: phone, bookingID: record.id, key: base + "-sms"),
                                  held: holds(.sms, at: nil), at: now))
            }
        }
    }

    private func write(_ row: NotifierWrite) throws {
        if let output { output.append(row) } else { try row.apply(db) }
    }

    // MARK: Reminders

    /// One reminder per `policy.reminders` offset still ahead, each not sent once the visit has started. The text
    /// is the same for every offset: it is rendered once.
    func scheduleReminders(_ record: BookingRecord, auditID: Int64) throws {
        guard let slot = Self.slot(record) else { return }
        let start = context.start(of: slot)
        let due = context.policy.reminders.enumerated().map { ($0.offset, start.addingTimeInterval(-$0.element)) }
            .filter { $0.1 > now }
        guard !due.isEmpty else { return }
        let message = patientMessage(.reminder, record)
        for (index, at) in due {
            try send(message, toPatientOf: record, key: "b\(record.id!)-a\(auditID)-r\(index + 1)", at: at, notAfter: start)
        }
    }

    /// Deletes the reminders of a booking not sent yet.
    func cancelReminders(_ bookingID: Int64) throws {
        try db.execute("DELETE FROM outbox WHERE bookingId = ? AND kind = ? AND state IN ('pending', 'held')",
                       [bookingID, MessageKind.reminder.rawValue])
    }

    // MARK: Texts

    func render(_ kind: MessageKind, _ record: BookingRecord, language: String, link: String,
                extra: [String: String] = [:], email: Bool = true) -> RenderedMessage {
        var values = extra
        let lang = context.templates.language(language).code
        values["site"] = context.siteTitle(lang)
        values["doctor"] = context.doctorName(record.doctor, lang)
        values["address"] = context.doctorAddress(record.doctor, lang)
        values["reference"] = record.reference
        values["link"] = link
        values["icsLink"] = link + "/visit.ics"
        values["note"] = record.note ?? ""
        values["time"] = record.time
        if let date = LocalDate(record.date) {
            let dates = renderer.dates(date, language: lang)
            values["date"] = dates.long
            values["shortDate"] = dates.short
        }
        if let date = record.previousDate.flatMap({ LocalDate($0) }) {
            let dates = renderer.dates(date, language: lang)
            values["previousDate"] = dates.long
            values["previousShortDate"] = dates.short
            values["previousTime"] = record.previousTime
        }
        return renderer.render(kind, language: lang, values: values, email: email)
    }

    func draft(_ message: RenderedMessage, channel: OutboxChannel, to recipient: String, bookingID: Int64?, key: String,
               at due: Date? = nil, notAfter: Date? = nil) -> OutboxDraft {
        OutboxDraft(kind: message.kind, channel: channel, recipient: recipient,
                    subject: channel == .email ? message.subject : nil,
                    body: channel == .email ? message.body : message.sms ?? message.subject,
                    bookingID: bookingID, language: message.language, nextAttemptAt: due ?? now, notAfter: notAfter,
                    idempotencyKey: key)
    }

    /// Whether a message of `channel` due at `due` (nil: now) is written `held`: no channel to send it, and
    /// due already (later ones stay pending, so a channel configured meanwhile sends them at their time).
    func holds(_ channel: OutboxChannel, at due: Date?) -> Bool {
        context.heldChannels.contains(channel) && (due ?? now) <= now
    }

    static func slot(_ record: BookingRecord) -> Slot? { Slot(date: record.date, time: record.time) }
}
