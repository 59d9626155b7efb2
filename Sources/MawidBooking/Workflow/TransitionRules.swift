import Foundation

/// Time limits on actions.
public struct TransitionRules: Sendable, Hashable {
    /// Patients cannot cancel, accept, refuse or move a booking within this delay before the visit
    /// (they phone the office instead). Two hours by default.
    public var patientCutoff: TimeInterval = 2 * 3600

    public init(patientCutoff: TimeInterval = 2 * 3600) {
        self.patientCutoff = patientCutoff
    }
}

/// Why an action was refused.
public enum TransitionError: Error, Equatable, Sendable {
    /// The action does not apply to a booking with this status (`action` is `BookingAction.name`).
    case notAllowed(from: BookingStatus, action: String)
    /// A patient action within `TransitionRules.patientCutoff` of the visit, or after it: phone the office.
    case tooLate
    /// Done or no-show before the visit's start time.
    case visitNotPassed
    /// An office change (other than done / no-show) once the visit has started.
    case visitPassed
}
