/// Where a booking stands. Stored as its raw value in `booking.status`.
public enum BookingStatus: String, Sendable, CaseIterable, Codable {
    /// Asked for by the patient, not yet answered by the office.
    case pending
    case confirmed
    case declined
    case cancelled

    /// The statuses that keep the slot from anyone else. THE single source of truth: `takenSlots`
    /// and the `booking_slot` unique index follow it (a test fails when the index drifts from it;
    /// then add a migration that recreates the index with `Schema.createSlotIndex`).
    public static let slotHolding: [BookingStatus] = [.pending, .confirmed]

    public var holdsSlot: Bool { Self.slotHolding.contains(self) }
}
