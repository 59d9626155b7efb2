import Foundation
import MawidDelivery
import MawidSite

/// A message's texts in one language, placeholders filled.
public struct RenderedMessage: Sendable, Hashable {
    public var kind: MessageKind
    /// The language actually used (the default one when the patient's has no texts).
    public var language: String
    /// At most `MessageRenderer.maxSMSSegments` SMS; nil for email-only kinds.
    public var sms: String?
    public var subject: String
    public var body: String
}

/// Fills the templates of `MessageTemplates`. Pure.
public struct MessageRenderer: Sendable {
    /// The longest SMS sent, in SMS parts.
    public static let maxSMSSegments = 2
    /// A doctor's name is never shortened below this many characters to make an SMS fit.
    static let minimumDoctorName = 8

    public let templates: MessageTemplates

    public init(templates: MessageTemplates) { self.templates = templates }

    /// The message `kind` in `language` with `values` for its placeholders (missing ones are left empty).
    /// The SMS uses GSM-7 look-alikes when that avoids UCS-2 (`ç` → `c`) and, if it would still take more
    /// than `maxSMSSegments` SMS, shortens `{{doctor}}` (never the link).
    /// - Parameter email: false leaves the email body empty (a recipient without email: the costliest part),
    ///   and the subject too when the kind has an SMS text.
    public func render(_ kind: MessageKind, language: String, values: [String: String], email: Bool = true) -> RenderedMessage {
        let (code, texts) = templates.language(language)
        let template = texts.templates[kind] ?? templates.languages[templates.defaultLanguage]!.templates[kind]!
        // The subject is the email's, and the SMS of a kind without one; an SMS-only recipient needs none.
        let subject = email || template.sms == nil
            ? Self.fill(template.subject, values).split(whereSeparator: \.isNewline).joined(separator: " ") : ""
        var body = ""
        if email {
            body = Self.fill(Self.withoutEmptyOptionalLines(template.body, values), values)
            if !body.hasSuffix("\n") { body += "\n" }
        }
        return RenderedMessage(kind: kind, language: code, sms: template.sms.map { Self.fitSMS($0, values) },
                               subject: subject, body: body)
    }

    /// `{{date}}` and `{{shortDate}}` of `date` in `language`.
    public func dates(_ date: LocalDate, language: String) -> (long: String, short: String) {
        let words = templates.language(language).texts.dates
        let two = { (n: Int) in n < 10 ? "0\(n)" : "\(n)" }
        let values = [
            "weekday": words.weekdays[date.weekday] ?? "", "weekdayShort": words.weekdaysShort[date.weekday] ?? "",
            "day": String(date.day), "dd": two(date.day), "mm": two(date.month),
            "month": words.months[date.month - 1], "year": String(date.year),
        ]
        return (Self.fill(words.long, values), Self.fill(words.short, values))
    }

    /// Placeholders whose line is left out of an email body when they are empty (no reason given).
    static let optional = ["note"]

    static func withoutEmptyOptionalLines(_ template: String, _ values: [String: String]) -> String {
        let empty = optional.filter { (values[$0] ?? "").isEmpty }.map { Array("{{\($0)}}".utf8) }
        let utf8 = Array(template.utf8)
        guard empty.contains(where: { contains(utf8[...], $0) }) else { return template }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count)
        var first = true
        for line in utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        where !empty.contains(where: { contains(line, $0) }) {
            if !first { out.append(UInt8(ascii: "\n")) }
            out.append(contentsOf: line)
            first = false
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// True if `pattern` occurs in `bytes` (short patterns, short lines: a plain scan).
    private static func contains(_ bytes: ArraySlice<UInt8>, _ pattern: [UInt8]) -> Bool {
        guard let first = pattern.first, bytes.count >= pattern.count else { return false }
        var i = bytes.startIndex
        let last = bytes.endIndex - pattern.count
        while i <= last {
            if bytes[i] == first, bytes[i..<i + pattern.count].elementsEqual(pattern) { return true }
            i += 1
        }
        return false
    }

    /// Names of the `{{placeholders}}` in `template`, in order.
    static func placeholders(in template: String) -> [String] {
        var names: [String] = []
        _ = fill(template) { names.append($0); return "" }
        return names
    }

    static func fill(_ template: String, _ values: [String: String]) -> String {
        fill(template) { values[$0] ?? "" }
    }

    private static func fill(_ template: String, _ value: (String) -> String) -> String {
        Placeholders.fill(template, value)
    }

    /// The SMS text, at most `maxSMSSegments` SMS when shortening the doctor's name can make it so.
    static func fitSMS(_ template: String, _ values: [String: String]) -> String {
        var values = values
        var text = GSM7.preferGSM7(fill(template, values))
        guard var name = values["doctor"].map(Array.init) else { return text }
        while SMSSegments.count(text) > maxSMSSegments, name.count > minimumDoctorName {
            name.removeLast()
            values["doctor"] = String(name).trimmingCharacters(in: .whitespaces) + "."
            text = GSM7.preferGSM7(fill(template, values))
        }
        return text
    }
}
