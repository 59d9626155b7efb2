import MawidStorage
import Foundation
import MawidSite

/// Freed slots offered to waiting patients, inside the transaction that frees them.
///
/// A slot freed (cancelled, declined, moved away) goes to one waiting patient at a time: among the active
/// waitlist entries of the same doctor whose booking still holds a slot LATER than the freed one and can still
/// be moved by the patient, the latest booking first, never twice the same slot to the same booking. The offer
/// stays open `policy.offerDuration`, and closes `policy.patientCutoff` before the slot at the latest (a slot
/// starting sooner is not offered). When it expires or is declined, the next patient gets it.
extension BookingNotifier {
    func offerFreedSlot(doctor: String, slot: Slot) throws {
        let start = context.start(of: slot)
        let expires = min(now.addingTimeInterval(context.policy.offerDuration),
                          start.addingTimeInterval(-context.policy.patientCutoff))
        guard expires > now else { return }
        let holding = BookingStatus.slotHolding.map(\.rawValue)
        let slotArguments: [any SQLValueConvertible] = [doctor, slot.date.description, slot.time.description]
        guard try !SlotHolder.exists(db, doctor: doctor, slot: slot) else { return }
        let offered = try db.fetchOne("""
            SELECT 1 FROM offer WHERE doctor = ? AND date = ? AND time = ? AND state = 'open' LIMIT 1
            """, SQLArguments(slotArguments)) != nil
        guard !offered else { return }
        let candidates = try BookingRecord.fetchAll(db, """
            SELECT b.* FROM waitlist w JOIN booking b ON b.id = w.bookingId
            WHERE w.active = 1 AND b.doctor = ? AND b.status IN \(holding.sqlPlaceholders)
              AND (b.date > ? OR (b.date = ? AND b.time > ?))
              AND NOT EXISTS (SELECT 1 FROM offer o WHERE o.bookingId = b.id AND o.doctor = ? AND o.date = ? AND o.time = ?)
            ORDER BY b.date DESC, b.time DESC, b.id
            LIMIT 50
            """, SQLArguments([doctor] + holding + [slot.date.description, slot.date.description,
                                                    slot.time.description] + slotArguments))
        for candidate in candidates {
            // The patient must still be allowed to move their current booking.
            guard let current = Self.slot(candidate),
                  context.start(of: current).addingTimeInterval(-context.policy.patientCutoff) > now else { continue }
            let offerID = try db.insertReturningID("""
                INSERT INTO offer (bookingId, doctor, date, time, expiresAt, state, createdAt) VALUES (?, ?, ?, ?, ?, 'open', ?)
                """, [candidate.id, doctor, slot.date.description, slot.time.description,
                      Timestamp.string(expires), Timestamp.string(now)])
            var offered = candidate
            offered.date = slot.date.description
            offered.time = slot.time.description
            let lang = context.templates.language(candidate.language).code
            let dates = renderer.dates(current.date, language: lang)
            let extra = ["expires": clockTime(expires), "currentDate": dates.long, "currentShortDate": dates.short,
                         "currentTime": current.time.description]
            try toPatient(.offer, offered, key: "offer\(offerID)", extra: extra,
                          link: patientLink(candidate.id!) + "?offer=\(offerID)", notAfter: expires)
            return
        }
    }

    /// Open offers past their end become `expired` and go to the next patient; returns how many expired.
    func expireOffers() throws -> Int {
        let rows = try db.fetchAll("SELECT id, doctor, date, time FROM offer WHERE state = 'open' AND expiresAt <= ?",
                                   [Timestamp.string(now)])
        for row in rows {
            try db.execute("UPDATE offer SET state = 'expired' WHERE id = ?", [row["id"] as Int64?])
            guard let doctor: String = row["doctor"], let date: String = row["date"], let time: String = row["time"],
                  let slot = Slot(date: date, time: time) else { continue }
            try offerFreedSlot(doctor: doctor, slot: slot)
        }
        return rows.count
    }

    /// `HH:MM` of an instant in the site's time zone.
    func clockTime(_ instant: Date) -> String {
        SlotCalendar(timeZone: context.timeZone, now: instant).timeNow.description
    }
}
