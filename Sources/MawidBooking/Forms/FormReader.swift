import Foundation
import MawidSite

/// Reads text fields of a posted form, collecting one error per field.
struct FormReader {
    let fields: [String: String]
    var errors = FieldErrors()

    init(_ fields: [String: String]) { self.fields = fields }

    /// The honeypot field bots fill and people never see.
    var isSpam: Bool { !FormText.trimmed(fields["website"] ?? "").isEmpty }

    /// The trimmed value, or nil when absent, blank or invalid (then an error is recorded if needed).
    /// Lengths count Unicode scalars. `multiline` allows tabs and newlines (CRLF becomes LF).
    mutating func text(_ field: String, label: String, required: Bool = false, max: Int,
                       multiline: Bool = false) -> String? {
        var value = FormText.trimmed(fields[field] ?? "")
        if multiline { value = FormText.unixNewlines(value) }
        if value.isEmpty {
            if required { errors.add(field, .required, "\(label) is required: please fill it in.") }
            return nil
        }
        if value.unicodeScalars.count > max {
            errors.add(field, .tooLong, "\(label) is too long: use at most \(max) characters.")
            return nil
        }
        if FormText.hasControlCharacters(value, allowing: multiline ? ["\n", "\t"] : []) {
            errors.add(field, .invalidCharacters, "\(label) contains invisible control characters: retype it.")
            return nil
        }
        return value
    }

    /// A phone number in E.164 form, or nil.
    mutating func phone(_ field: String, required: Bool) -> String? {
        guard let text = text(field, label: "Phone number", required: required, max: 30) else { return nil }
        guard let normalized = PhoneNumber.normalized(text) else {
            errors.add(field, .invalidPhone,
                       "Phone number is not valid: write it like 0550 12 34 56 or +213 550 12 34 56.")
            return nil
        }
        return normalized
    }

    /// An email address as typed (trimmed), or nil.
    mutating func email(_ field: String, required: Bool = false) -> String? {
        guard let text = text(field, label: "Email address", required: required, max: 254) else { return nil }
        guard EmailAddress.isValid(text) else {
            errors.add(field, .invalidEmail, "Email address is not valid: write it like name@example.com.")
            return nil
        }
        return text
    }

    /// The page language if the site has it, else the site's default (first of `languages`).
    func language(_ languages: [String]) -> String {
        let requested = FormText.trimmed(fields["lang"] ?? "").lowercased()
        if languages.contains(requested) { return requested }
        return languages.first ?? "fr"
    }
}

extension FormReader {
    /// A required `YYYY-MM-DD` date, or nil.
    mutating func date(_ field: String, label: String) -> LocalDate? {
        guard let text = text(field, label: label, required: true, max: 10) else { return nil }
        guard let date = LocalDate(text) else {
            errors.add(field, .invalidDate, "\(label) is not valid: use the format YYYY-MM-DD, e.g. 2025-03-18.")
            return nil
        }
        return date
    }

    /// A required `HH:MM` time (24-hour clock), or nil.
    mutating func time(_ field: String) -> ClockTime? {
        guard let text = text(field, label: "Time", required: true, max: 5) else { return nil }
        guard text.count == 5, let time = ClockTime(text), time.minutes < 24 * 60 else {
            errors.add(field, .invalidTime, "Time is not valid: use the 24-hour format HH:MM, e.g. 09:30.")
            return nil
        }
        return time
    }
}
