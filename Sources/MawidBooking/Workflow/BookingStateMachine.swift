import Foundation

/// Which action leads from which status to which, and when. Pure; used by the store and by the pages
/// (to show only the buttons that work).
///
/// | from      | action                          | to        |
/// |-----------|---------------------------------|-----------|
/// | pending   | confirm                         | confirmed |
/// | pending   | decline                         | declined  |
/// | pending, confirmed, proposed | propose      | proposed  |
/// | pending, confirmed, proposed | cancelByPractice, patientCancel | cancelled |
/// | pending, confirmed, proposed | patientReschedule | pending (at the new slot) |
/// | confirmed | markDone / markNoShow           | done / noshow |
/// | proposed  | patientAccept / patientRefuse   | confirmed / cancelled |
///
/// declined, cancelled, done and noshow are final. Time rules, checked after the status:
/// office actions other than markDone/markNoShow fail with `visitPassed` once `now >= visitStart`;
/// markDone/markNoShow fail with `visitNotPassed` while `now < visitStart`; patient actions fail with
/// `tooLate` once `now >= visitStart - rules.patientCutoff`.
public enum BookingStateMachine {
    public static func next(_ status: BookingStatus, _ action: BookingAction, visitStart: Date, now: Date,
                            rules: TransitionRules) -> Result<BookingStatus, TransitionError> {
        guard let target = target(status, action) else {
            return .failure(.notAllowed(from: status, action: action.name))
        }
        switch action.side {
        case .patient:
            if now >= visitStart.addingTimeInterval(-rules.patientCutoff) { return .failure(.tooLate) }
        case .practice where action.isAboutTheVisit:
            if now < visitStart { return .failure(.visitNotPassed) }
        case .practice:
            if now >= visitStart { return .failure(.visitPassed) }
        }
        return .success(target)
    }

    /// Names (`BookingAction.name`) of the actions of `side` that `next` accepts now, in declaration order.
    public static func allowedActions(_ status: BookingStatus, side: BookingSide, visitStart: Date, now: Date,
                                      rules: TransitionRules) -> [String] {
        BookingAction.samples.filter { action in
            guard action.side == side else { return false }
            if case .success = next(status, action, visitStart: visitStart, now: now, rules: rules) { return true }
            return false
        }.map(\.name)
    }

    /// Where `action` leads from `status`, ignoring time; nil if it does not apply.
    static func target(_ status: BookingStatus, _ action: BookingAction) -> BookingStatus? {
        switch (status, action) {
        case (.pending, .confirm): .confirmed
        case (.pending, .decline): .declined
        case (.pending, .propose), (.confirmed, .propose), (.proposed, .propose): .proposed
        case (.pending, .cancelByPractice), (.confirmed, .cancelByPractice), (.proposed, .cancelByPractice): .cancelled
        case (.pending, .patientCancel), (.confirmed, .patientCancel), (.proposed, .patientCancel): .cancelled
        case (.pending, .patientReschedule), (.confirmed, .patientReschedule), (.proposed, .patientReschedule): .pending
        case (.confirmed, .markDone): .done
        case (.confirmed, .markNoShow): .noShow
        case (.proposed, .patientAccept): .confirmed
        case (.proposed, .patientRefuse): .cancelled
        default: nil
        }
    }
}
