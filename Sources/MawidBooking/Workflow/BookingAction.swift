import MawidSite

/// Who acts on a booking: the office (an account) or the patient (holding the booking's token).
public enum BookingSide: Sendable, Hashable {
    case practice, patient
}

/// Something the office or the patient does to a booking. `BookingStateMachine` says when it is allowed.
public enum BookingAction: Sendable, Hashable {
    /// The office accepts a pending request.
    case confirm
    /// The office refuses a pending request; the reason is shown to the patient.
    case decline(reason: String)
    /// The office moves the booking to another time, which the patient accepts or refuses.
    case propose(Slot)
    /// The office cancels; the reason, if any, is shown to the patient.
    case cancelByPractice(reason: String?)
    /// The visit took place.
    case markDone
    /// The patient did not come.
    case markNoShow
    case patientCancel
    /// The patient takes the time the office proposed.
    case patientAccept
    /// The patient turns the proposed time down: the booking is cancelled.
    case patientRefuse
    /// The patient moves the booking to another free time; the office reviews it again.
    case patientReschedule(Slot)

    /// Every action's `name`, in declaration order.
    public static let allNames = [
        "confirm", "decline", "propose", "cancelByPractice", "markDone", "markNoShow",
        "patientCancel", "patientAccept", "patientRefuse", "patientReschedule",
    ]

    /// The case name, e.g. `cancelByPractice`: used by `allowedActions`, `TransitionError` and the audit trail.
    public var name: String {
        switch self {
        case .confirm: "confirm"
        case .decline: "decline"
        case .propose: "propose"
        case .cancelByPractice: "cancelByPractice"
        case .markDone: "markDone"
        case .markNoShow: "markNoShow"
        case .patientCancel: "patientCancel"
        case .patientAccept: "patientAccept"
        case .patientRefuse: "patientRefuse"
        case .patientReschedule: "patientReschedule"
        }
    }

    public var side: BookingSide {
        switch self {
        case .confirm, .decline, .propose, .cancelByPractice, .markDone, .markNoShow: .practice
        case .patientCancel, .patientAccept, .patientRefuse, .patientReschedule: .patient
        }
    }

    /// The slot the booking moves to, for `propose` and `patientReschedule`.
    public var newSlot: Slot? {
        switch self {
        case .propose(let slot), .patientReschedule(let slot): slot
        default: nil
        }
    }

    /// Saying how the visit went: allowed only once it has started.
    var isAboutTheVisit: Bool { self == .markDone || self == .markNoShow }

    /// One action of each kind, with placeholder reason and slot: what `allowedActions` tries.
    static let samples: [BookingAction] = {
        let slot = Slot(date: LocalDate(dayNumber: 0), time: ClockTime(minutes: 0)!)
        return [.confirm, .decline(reason: ""), .propose(slot), .cancelByPractice(reason: nil), .markDone, .markNoShow,
                .patientCancel, .patientAccept, .patientRefuse, .patientReschedule(slot)]
    }()
}

extension BookingAction: CustomStringConvertible {
    /// The name only: a reason typed by the office stays out of log lines.
    public var description: String { name }
}
