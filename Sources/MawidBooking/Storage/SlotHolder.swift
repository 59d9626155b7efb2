import GRDB
import MawidSite

/// Whether a booking holds a slot (a status of `BookingStatus.slotHolding`): the writer asks when an insert
/// was held back, and freed-slot offers before offering one.
enum SlotHolder {
    static func exists(_ db: Database, doctor: String, slot: Slot) throws -> Bool {
        let holding = BookingStatus.slotHolding.map(\.rawValue)
        return try Bool.fetchOne(db.cachedStatement(sql: """
            SELECT EXISTS (SELECT 1 FROM booking WHERE doctor = ? AND date = ? AND time = ? AND status IN \(holding.sqlList))
            """), arguments: StatementArguments([doctor, slot.date.description, slot.time.description] + holding)) ?? false
    }
}
