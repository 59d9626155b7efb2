import Foundation
import MawidStorage
import MawidSite

/// A booking its doctor's current plan no longer has room for, and why (`PlanCheck`).
public struct OffPlanBooking: Hashable, Sendable {
    public var booking: StoredBooking
    public var reason: PlanCheck.Reason
}

/// What needs the practice's attention after the doctors' content changed.
public struct AttentionList: Hashable, Sendable {
    /// The first bookings that no longer fit, soonest first.
    public var bookings: [OffPlanBooking]
    /// How many no longer fit in all (more than `bookings.count` beyond the limit).
    public var total: Int
}

/// Bookings the doctors' plans no longer have room for. Nothing here changes a booking: the practice moves
/// (`propose`) or cancels (`decline`, `cancelByPractice`) each with `apply`, and the patient hears of it as
/// usual; a booking leaves the list once it fits again or is no longer active.
extension BookingStore {
    /// The future active bookings of the visible doctors (`Account.visibleDoctors`: nil for all) that
    /// `check` says no longer fit, soonest first, at most `limit` of them, and how many there are.
    /// One read: the slots of the active bookings from today on, checked in memory, then the rows of the
    /// first `limit` that do not fit.
    public func needingAttention(doctors: [String]?, check: PlanCheck, limit: Int = 200) async throws -> AttentionList {
        guard let visible = DoctorFilter(doctors) else { return AttentionList(bookings: [], total: 0) }
        let limit = max(0, limit)
        do {
            return try await database.engine.read { db in
                let found = try Self.offPlanSlots(db, visible: visible, check: check)
                let shown = found.prefix(limit)
                let ids = shown.map(\.id)
                let records = ids.isEmpty ? [] : try BookingRecord.fetchAll(
                    db, "SELECT * FROM booking WHERE id IN \(ids.sqlPlaceholders)", SQLArguments(ids))
                let byID = Dictionary(uniqueKeysWithValues: records.compactMap { record in record.id.map { ($0, record) } })
                let bookings = try shown.compactMap { slot -> OffPlanBooking? in
                    guard let record = byID[slot.id] else { return nil }
                    guard let booking = StoredBooking(record) else { throw UnreadableBooking(id: slot.id) }
                    return OffPlanBooking(booking: booking, reason: slot.reason)
                }
                return AttentionList(bookings: bookings, total: found.count)
            }
        } catch is SQLError {
            throw UnreadableBooking(id: nil)
        }
    }

    /// How many future active bookings, of every doctor, `check` says no longer fit: what a content reload
    /// logs ("3 bookings need attention"). Reads slots only, no patient data.
    public func countNeedingAttention(check: PlanCheck) async throws -> Int {
        try await database.engine.read { db in
            try Self.offPlanSlots(db, visible: DoctorFilter(nil)!, check: check).count
        }
    }

    /// Ids and reasons of the future active bookings of `visible` that do not fit `check`, by date and time.
    /// Reads id, doctor, date and time of the active bookings from `check.calendar.today` on: through the slot
    /// index for some doctors, the whole table for all (as the inbox does).
    private static func offPlanSlots(_ db: any SQLConnection, visible: DoctorFilter,
                                     check: PlanCheck) throws -> [(id: Int64, reason: PlanCheck.Reason)] {
        let active = BookingStatus.slotHolding.map(\.rawValue)
        let rows = try db.fetchAll("""
            SELECT id, doctor, date, time FROM booking
            WHERE \(visible.sql) AND status IN \(active.sqlPlaceholders) AND date >= ?
            ORDER BY date, time, id
            """, SQLArguments(visible.arguments + active + [check.calendar.today.description]))
        var found: [(id: Int64, reason: PlanCheck.Reason)] = []
        for row in rows {
            // By position, as selected. A slot that does not read is left to the booking's own page.
            guard let id: Int64 = row[0], let doctor: String = row[1], let date: String = row[2], let time: String = row[3],
                  let slot = Slot(date: date, time: time), let reason = check.reason(doctor: doctor, slot: slot) else { continue }
            found.append((id, reason))
        }
        return found
    }
}
