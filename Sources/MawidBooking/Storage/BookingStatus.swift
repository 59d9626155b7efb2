/// Where a booking stands. Stored as its raw value in `booking.status`.
/// `BookingStateMachine` says which action leads from one to another.
public enum BookingStatus: String, Sendable, CaseIterable, Codable {
    /// Asked for by the patient, not yet answered by the office.
    case pending
    case confirmed
    /// The office proposed another time: the booking has moved to it and waits for the patient's answer.
    case proposed
    case declined
    case cancelled
    /// The visit took place.
    case done
    /// The patient did not come.
    case noShow = "noshow"

    /// The statuses that keep the slot from anyone else. THE single source of truth: `takenSlots`
    /// and the `booking_slot` unique index follow it (a test fails when the index drifts from it;
    /// then add a migration that recreates the index with `Schema.createSlotIndex`).
    public static let slotHolding: [BookingStatus] = [.pending, .confirmed, .proposed]

    public var holdsSlot: Bool { Self.slotHolding.contains(self) }

    /// No action leads anywhere from here (declined, cancelled, done, noshow): read from `BookingStateMachine`.
    public var isFinal: Bool { Self.finalStatuses.contains(self) }

    /// The statuses from which the state machine allows no action, computed once.
    static let finalStatuses: Set<BookingStatus> = Set(allCases.filter { status in
        BookingAction.samples.allSatisfy { BookingStateMachine.target(status, $0) == nil }
    })
}
