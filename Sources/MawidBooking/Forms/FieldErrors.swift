/// Stable machine keys for form errors; the server translates by these.
public enum FieldErrorCode: String, Sendable, CaseIterable {
    case required
    case tooLong = "too_long"
    case invalidCharacters = "invalid_characters"
    case invalidChoice = "invalid_choice"
    case invalidDate = "invalid_date"
    case invalidTime = "invalid_time"
    case invalidPhone = "invalid_phone"
    case invalidEmail = "invalid_email"
    case unknownDoctor = "unknown_doctor"
    case notOnSchedule = "not_on_schedule"
    case holiday
    case past
    case tooFar = "too_far"
    case consentRequired = "consent_required"
    case invalidBirthdate = "invalid_birthdate"
    case emailOrPhoneRequired = "email_or_phone_required"
}

/// One problem with one form field: `message` is a plain English sentence saying what to fix.
public struct FieldError: Hashable, Sendable {
    /// The form field name, e.g. `phone`.
    public let field: String
    public let code: FieldErrorCode
    public let message: String

    public init(field: String, code: FieldErrorCode, message: String) {
        self.field = field
        self.code = code
        self.message = message
    }
}

/// The problems of a submitted form, in form order, at most one per field.
public struct FieldErrors: Error, Hashable, Sendable {
    public private(set) var all: [FieldError] = []

    public init() {}

    public var isEmpty: Bool { all.isEmpty }

    /// The error for `field`, if any.
    public subscript(field: String) -> FieldError? { all.first { $0.field == field } }

    /// Adds an error unless the field already has one (the first problem is the one to fix).
    public mutating func add(_ field: String, _ code: FieldErrorCode, _ message: String) {
        guard self[field] == nil else { return }
        all.append(FieldError(field: field, code: code, message: message))
    }
}

/// The outcome of validating a form.
public enum FormResult<Value: Sendable>: Sendable {
    case valid(Value)
    case invalid(FieldErrors)
    /// The honeypot was filled: answer as if it worked and store nothing.
    case spam

    public var value: Value? {
        if case .valid(let value) = self { return value }
        return nil
    }

    public var errors: FieldErrors? {
        if case .invalid(let errors) = self { return errors }
        return nil
    }

    public var isSpam: Bool {
        if case .spam = self { return true }
        return false
    }
}
