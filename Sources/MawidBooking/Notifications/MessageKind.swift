/// What a message says. Stored as its raw value in `outbox.kind`; also the key of its texts in
/// `Templates/messages/<lang>.yml`.
public enum MessageKind: String, Sendable, CaseIterable, Codable {
    // To the patient.
    /// The request was stored (reference and private link).
    case received
    /// The office confirmed the visit (with the link of the .ics file).
    case confirmed
    /// The office proposed another time.
    case proposed
    /// The office declined the request (the reason, in the email only).
    case declined
    /// The office cancelled the visit (the reason, in the email only).
    case cancelled
    /// Before a confirmed visit; the link lets the patient say "I will come" or cancel.
    case reminder
    /// An earlier slot freed up; the link accepts it before `{{expires}}`.
    case offer
    /// The practice wrote in the booking's thread (what it wrote stays on the page: it may be health data).
    case practiceMessage = "practice_message"
    /// The practice attached a document to the booking (a certificate, a prescription).
    case practiceDocument = "practice_document"
    /// The code to sign in to "My appointments" (`SignInCodes`): about no booking, by SMS only. Its text is
    /// masked in the outbox once sent or too late (`SignInCodes.masked`).
    case loginCode = "login_code"
    // To the doctor's accounts.
    case newRequest = "new_request"
    case patientCancelled = "patient_cancelled"
    case patientRescheduled = "patient_rescheduled"
    /// The patient wrote in the booking's thread (the text stays in /review).
    case patientMessage = "patient_message"
    /// The patient attached a document (a referral letter, a test result).
    case patientDocument = "patient_document"
    /// Several of the above in one email, for accounts with `notify = digest`.
    case digest

    /// Digests are emails only.
    var hasSMS: Bool { self != .digest }

    /// Placeholders every kind but the digest knows.
    static let common: Set<String> = ["site", "doctor", "address", "date", "shortDate", "time", "reference", "link"]

    /// The placeholders its texts may use.
    var placeholders: Set<String> {
        switch self {
        case .confirmed: Self.common.union(["icsLink"])
        case .declined, .cancelled: Self.common.union(["note"])
        case .proposed, .patientRescheduled:
            Self.common.union(["previousDate", "previousShortDate", "previousTime"])
        case .offer: Self.common.union(["expires", "currentDate", "currentShortDate", "currentTime"])
        case .digest: ["site", "count", "lines", "link"]
        case .loginCode: ["site", "code", "minutes", "link"]
        default: Self.common
        }
    }

    /// Placeholders an SMS may not use: free text typed by the office stays out of SMS.
    static let emailOnly: Set<String> = ["note", "lines"]
}
