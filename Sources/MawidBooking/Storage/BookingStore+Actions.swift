import Foundation
import GRDB
import MawidSite

extension BookingStore {
    /// The longest reason the office may give when declining or cancelling.
    public static let maxNoteLength = 500

    /// Applies `action` to a booking, all in one write transaction: reads the booking, asks
    /// `BookingStateMachine` (the visit's start comes from `calendar`'s time zone, "now" is `calendar.now`),
    /// moves the booking for `propose` / `patientReschedule`, sets status, note and `updatedAt`, and writes
    /// an audit row (`actor`, `action.name`, from → to).
    ///
    /// Moves keep the old slot in `previousSlot` and forget the patient's `attendance`. A decline or an
    /// office cancellation stores its (trimmed) reason in `note`, shown to the patient.
    ///
    /// - Parameters:
    ///   - actor: the account's login, or `AuditEvent.patientActor` ("patient"). Not checked against the
    ///     action's side: the caller decides who may act.
    ///   - doctors: the doctors patients can book, by slug (e.g. `Content.bookableDoctors`). Only
    ///     `propose` and `patientReschedule` use it, to check the new slot against the booking's doctor's
    ///     hours with `calendar.problem(with:for:)`; a doctor missing from it has no bookable slot.
    /// - Returns: the booking as stored afterwards.
    /// - Throws: `BookingNotFound`; `TransitionError`; `SlotNotBookable` (the new slot is past, off the
    ///   doctor's hours, on a holiday or beyond the horizon); `SlotTaken` (another booking holds the new
    ///   slot); `FieldErrors` on field `reason` (a decline without reason, a reason too long or with control
    ///   characters); `UnreadableBooking`; database errors. Nothing is written when it throws.
    public func apply(_ action: BookingAction, bookingID: Int64, actor: String, calendar: SlotCalendar,
                      rules: TransitionRules, doctors: [String: Doctor]) async throws -> StoredBooking {
        let note = try Self.validatedNote(of: action)
        let timestamp = Timestamp.string(calendar.now)
        do {
            return try await database.dbWriter.write { db in
                guard var record = try BookingRecord.fetchOne(db, key: bookingID) else {
                    throw BookingNotFound(id: bookingID)
                }
                guard let booking = StoredBooking(record) else { throw UnreadableBooking(id: bookingID) }
                let from = booking.status
                let to = try BookingStateMachine.next(from, action, visitStart: calendar.instant(of: booking.request.slot),
                                                      now: calendar.now, rules: rules).get()
                var detail: String?
                if let slot = action.newSlot {
                    let problem = doctors[booking.request.doctor].map { calendar.problem(with: slot, for: $0) }
                        ?? .notOnSchedule
                    if let problem { throw SlotNotBookable(slot: slot, problem: problem) }
                    record.previousDate = record.date
                    record.previousTime = record.time
                    record.date = slot.date.description
                    record.time = slot.time.description
                    record.attendance = nil
                    detail = "\(booking.request.slot) → \(slot)"
                }
                if case .set(let value) = note {
                    record.note = value
                    detail = value
                }
                record.status = to.rawValue
                record.updatedAt = timestamp
                do {
                    try record.update(db)
                } catch let error as DatabaseError where ConstraintViolation(error) == .slot {
                    throw SlotTaken(doctor: booking.request.doctor, slot: action.newSlot ?? booking.request.slot)
                }
                var audit = AuditRecord(bookingId: bookingID, actor: actor, action: action.name, from: from, to: to,
                                        at: timestamp, detail: detail)
                try audit.insert(db)
                guard let updated = StoredBooking(record) else { throw UnreadableBooking(id: bookingID) }
                return updated
            }
        } catch is RowDecodingError {
            throw UnreadableBooking(id: bookingID)
        }
    }

    /// The history of a booking, oldest first.
    public func audit(bookingID: Int64) async throws -> [AuditEvent] {
        try await database.dbWriter.read { db in
            try AuditRecord.filter(Column("bookingId") == bookingID).order(Column("id")).fetchAll(db).compactMap(\.event)
        }
    }

    /// What an action does to `booking.note`.
    private enum NoteChange {
        case keep
        case set(String?)
    }

    /// `decline` and `cancelByPractice` store their reason, trimmed (nil when none is given); others keep the note.
    private static func validatedNote(of action: BookingAction) throws -> NoteChange {
        let reason: String?
        let required: Bool
        switch action {
        case .decline(let text): (reason, required) = (text, true)
        case .cancelByPractice(let text): (reason, required) = (text, false)
        default: return .keep
        }
        var form = FormReader(["reason": reason ?? ""])
        let value = form.text("reason", label: "Reason", required: required, max: maxNoteLength, multiline: true)
        if !form.errors.isEmpty { throw form.errors }
        return .set(value)
    }
}

/// No booking has this id.
public struct BookingNotFound: Error, Hashable, Sendable {
    public var id: Int64
}

/// The slot a booking should move to cannot be booked with its doctor (taken slots are `SlotTaken`).
/// A doctor no longer in the directory gives `notOnSchedule`.
public struct SlotNotBookable: Error, Hashable, Sendable {
    public var slot: Slot
    public var problem: SlotProblem
}
