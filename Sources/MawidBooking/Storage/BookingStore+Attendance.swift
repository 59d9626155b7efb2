import Foundation
import MawidStorage

extension BookingStore {
    /// The patient says "I will come" (the link of a reminder): `attendance` becomes `confirmed`, audited as
    /// (`patient`, "confirmAttendance", confirmed → confirmed). Saying it again changes nothing.
    /// - Throws: `BookingNotFound`; `TransitionError.notAllowed` unless the booking is confirmed;
    ///   `TransitionError.visitPassed` once the visit has started (time zone of the message context, else UTC).
    @discardableResult
    public func confirmAttendance(bookingID: Int64, now: Date) async throws -> StoredBooking {
        let timeZone = messageContext?.timeZone ?? TimeZone(identifier: "UTC")!
        do {
            return try await database.engine.write { db in
                guard var record = try BookingRecord.fetch(db, id: bookingID) else { throw BookingNotFound(id: bookingID) }
                guard let booking = StoredBooking(record) else { throw UnreadableBooking(id: bookingID) }
                guard booking.status == .confirmed else {
                    throw TransitionError.notAllowed(from: booking.status, action: "confirmAttendance")
                }
                guard now < SlotCalendar.instant(of: booking.request.slot, in: timeZone) else { throw TransitionError.visitPassed }
                if booking.attendance == .confirmed { return booking }
                let timestamp = Timestamp.string(now)
                record.attendance = BookingAttendance.confirmed.rawValue
                record.updatedAt = timestamp
                try record.update(db)
                var audit = AuditRecord(bookingId: bookingID, actor: AuditEvent.patientActor, action: "confirmAttendance",
                                        from: .confirmed, to: .confirmed, at: timestamp)
                try audit.insert(db)
                guard let updated = StoredBooking(record) else { throw UnreadableBooking(id: bookingID) }
                return updated
            }
        } catch is SQLError {
            throw UnreadableBooking(id: bookingID)
        }
    }
}
