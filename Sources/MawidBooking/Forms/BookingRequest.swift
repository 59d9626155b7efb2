import MawidSite

/// Who the appointment is for.
public enum ForWhom: String, Sendable, CaseIterable {
    case myself = "self"
    case relative
}

/// A validated booking form: every field trimmed, the phone in E.164, the slot bookable when validated.
public struct BookingRequest: Hashable, Sendable {
    /// Doctor slug.
    public var doctor: String
    public var slot: Slot
    public var patientName: String
    /// E.164, e.g. `+213550123456`.
    public var phone: String
    public var email: String?
    public var forWhom: ForWhom
    /// Set when `forWhom` is `.relative`.
    public var relativeName: String?
    public var relativeBirthdate: LocalDate?
    public var reason: String?
    /// The page language, e.g. `fr`.
    public var language: String

    public init(doctor: String, slot: Slot, patientName: String, phone: String, email: String? = nil,
                forWhom: ForWhom = .myself, relativeName: String? = nil, relativeBirthdate: LocalDate? = nil,
                reason: String? = nil, language: String) {
        self.doctor = doctor
        self.slot = slot
        self.patientName = patientName
        self.phone = phone
        self.email = email
        self.forWhom = forWhom
        self.relativeName = relativeName
        self.relativeBirthdate = relativeBirthdate
        self.reason = reason
        self.language = language
    }
}

extension BookingRequest: CustomStringConvertible {
    /// No patient data, so a stray log line leaks nothing.
    public var description: String { "BookingRequest(\(doctor) \(slot))" }
}

extension BookingRequest {
    public static let maxNameLength = 100
    public static let maxReasonLength = 500
    /// Values of the `consent` checkbox that mean yes.
    public static let consentValues: Set<String> = ["on", "yes", "true", "1"]

    /// Validates the posted fields `doctor`, `date`, `time`, `name`, `phone`, `email`, `for`,
    /// `relative_name`, `relative_birthdate`, `reason`, `consent`, `website` (honeypot) and `lang`.
    ///
    /// - Parameters:
    ///   - doctors: bookable doctors by slug (drafts are treated as unknown).
    ///   - calendar: the site's time zone, now and the booking horizon.
    ///   - languages: the site's languages, default first.
    public static func validate(_ fields: [String: String], doctors: [String: Doctor], calendar: SlotCalendar,
                                languages: [String]) -> FormResult<BookingRequest> {
        var form = FormReader(fields)
        if form.isSpam { return .spam }

        let slug = form.text("doctor", label: "Doctor", required: true, max: 200)
        var doctor: Doctor?
        if let slug {
            doctor = doctors[slug].flatMap { $0.draft ? nil : $0 }
            if doctor == nil {
                form.errors.add("doctor", .unknownDoctor, "This doctor is not in the directory: choose a doctor from the list.")
            }
        }
        let date = form.date("date", label: "Date")
        let time = form.time("time")
        if let doctor, let date, let time {
            checkSlot(Slot(date: date, time: time), doctor: doctor, calendar: calendar, form: &form)
        }

        let name = form.text("name", label: "Name", required: true, max: maxNameLength)
        let phone = form.phone("phone", required: true)
        let email = form.email("email")
        let forWhom = forWhom(&form)
        var relativeName: String?
        var relativeBirthdate: LocalDate?
        if forWhom == .relative {
            relativeName = form.text("relative_name", label: "The relative's name", required: true, max: maxNameLength)
            relativeBirthdate = birthdate(&form, today: calendar.today)
        }
        let reason = form.text("reason", label: "Reason", max: maxReasonLength, multiline: true)
        let consent = FormText.trimmed(fields["consent"] ?? "").lowercased()
        if !consentValues.contains(consent) {
            form.errors.add("consent", .consentRequired,
                            "Please tick the box to agree that your details are sent to the doctor's office.")
        }

        guard form.errors.isEmpty, let doctor, let date, let time, let name, let phone, let forWhom else {
            return .invalid(form.errors)
        }
        return .valid(BookingRequest(doctor: doctor.slug, slot: Slot(date: date, time: time), patientName: name,
                                     phone: phone, email: email, forWhom: forWhom, relativeName: relativeName,
                                     relativeBirthdate: relativeBirthdate, reason: reason,
                                     language: form.language(languages)))
    }

    private static func checkSlot(_ slot: Slot, doctor: Doctor, calendar: SlotCalendar, form: inout FormReader) {
        switch calendar.problem(with: slot, for: doctor) {
        case nil: break
        case .past:
            if slot.date < calendar.today {
                form.errors.add("date", .past, "This date is in the past: choose a later day.")
            } else {
                form.errors.add("time", .past, "This time has already passed: choose a later time or another day.")
            }
        case .tooFarAhead:
            form.errors.add("date", .tooFar,
                            "This date is too far ahead: appointments open \(calendar.horizonDays) days in advance.")
        case .holiday:
            form.errors.add("date", .holiday, "The doctor is away on this date: choose another day.")
        case .notOnSchedule:
            form.errors.add("time", .notOnSchedule,
                            "The doctor does not see patients at this time: choose one of the times offered.")
        }
    }

    private static func forWhom(_ form: inout FormReader) -> ForWhom? {
        let text = FormText.trimmed(form.fields["for"] ?? "")
        if text.isEmpty { return .myself }
        guard let value = ForWhom(rawValue: text) else {
            form.errors.add("for", .invalidChoice, "Choose whether the appointment is for you or for a relative.")
            return nil
        }
        return value
    }

    private static func birthdate(_ form: inout FormReader, today: LocalDate) -> LocalDate? {
        guard let text = form.text("relative_birthdate", label: "The relative's date of birth", required: true,
                                   max: 10) else { return nil }
        guard let date = LocalDate(text), date < today, date.year >= today.year - 130 else {
            form.errors.add("relative_birthdate", .invalidBirthdate,
                            "The relative's date of birth is not valid: use the format YYYY-MM-DD and a date in the past.")
            return nil
        }
        return date
    }
}
