import MawidStorage
import MawidSite

/// Whether a booking holds a slot (a status of `BookingStatus.slotHolding`): the writer asks when an insert
/// was held back, and freed-slot offers before offering one.
enum SlotHolder {
    static func exists(_ db: any SQLConnection, doctor: String, slot: Slot) throws -> Bool {
        let holding = BookingStatus.slotHolding.map(\.rawValue)
        return try db.fetchOne("""
            SELECT 1 FROM booking WHERE doctor = ? AND date = ? AND time = ? AND status IN \(holding.sqlPlaceholders) LIMIT 1
            """, SQLArguments([doctor, slot.date.description, slot.time.description] + holding)) != nil
    }
}
