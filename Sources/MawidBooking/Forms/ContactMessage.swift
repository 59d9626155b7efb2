import Foundation

/// A validated contact form: trimmed, the phone in E.164, at least an email or a phone.
public struct ContactMessage: Hashable, Sendable {
    public var name: String
    public var email: String?
    /// E.164, e.g. `+213550123456`.
    public var phone: String?
    public var subject: String?
    public var message: String
    /// The page language, e.g. `fr`.
    public var language: String

    public init(name: String, email: String? = nil, phone: String? = nil, subject: String? = nil, message: String,
                language: String) {
        self.name = name
        self.email = email
        self.phone = phone
        self.subject = subject
        self.message = message
        self.language = language
    }
}

extension ContactMessage: CustomStringConvertible {
    /// No personal data, so a stray log line leaks nothing.
    public var description: String { "ContactMessage(\(language))" }
}

extension ContactMessage {
    public static let maxNameLength = 100
    public static let maxSubjectLength = 150
    public static let maxMessageLength = 2000

    /// Validates the posted fields `name`, `email`, `phone`, `subject`, `message`, `website` (honeypot) and `lang`.
    /// - Parameter languages: the site's languages, default first.
    public static func validate(_ fields: [String: String], languages: [String]) -> FormResult<ContactMessage> {
        var form = FormReader(fields)
        if form.isSpam { return .spam }

        let name = form.text("name", label: "Name", required: true, max: maxNameLength)
        let email = form.email("email")
        let phone = form.phone("phone", required: false)
        let blank = { (field: String) in FormText.trimmed(fields[field] ?? "").isEmpty }
        if blank("email") && blank("phone") {
            form.errors.add("email", .emailOrPhoneRequired,
                            "Give an email address or a phone number so that we can answer you.")
        }
        let subject = form.text("subject", label: "Subject", max: maxSubjectLength)
        let message = form.text("message", label: "Message", required: true, max: maxMessageLength, multiline: true)

        guard form.errors.isEmpty, let name, let message else { return .invalid(form.errors) }
        return .valid(ContactMessage(name: name, email: email, phone: phone, subject: subject, message: message,
                                     language: form.language(languages)))
    }
}
