import Foundation
import MawidStorage
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
    /// With a message context (`setMessageContext`), the same transaction writes the messages the change
    /// causes into the outbox (to the patient for confirm / decline / propose / cancelByPractice, to the
    /// doctor's accounts for the patient's cancel, refusal or move), schedules or deletes the visit's
    /// reminders, and offers a freed slot to the next waiting patient (`joinWaitlist`).
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
        let notifications = notifications
        do {
            return try await database.engine.write { db in
                let move = Move(action: action, actionName: action.name, actor: actor, note: note, now: calendar.now,
                                timeZone: calendar.timeZone, rules: rules) { slot, doctor in
                    doctors[doctor].map { calendar.problem(with: slot, for: $0) } ?? .notOnSchedule
                }
                return try move.run(bookingID: bookingID, db: db, notifier: notifications.notifier(db, now: calendar.now))
            }
        } catch is SQLError {
            throw UnreadableBooking(id: bookingID)
        }
    }

    /// One state-machine move of a stored booking, inside a write transaction: what `apply` and `acceptOffer` share.
    struct Move {
        var action: BookingAction
        /// Written to the audit trail (`acceptOffer` moves like `patientReschedule`).
        var actionName: String
        var actor: String
        var note: NoteChange
        var now: Date
        var timeZone: TimeZone
        var rules: TransitionRules
        /// Why the new slot of a move cannot be booked with the booking's doctor, or nil.
        var slotProblem: (Slot, String) -> SlotProblem?

        /// Checks, updates the booking, writes the audit row and the messages; returns the booking as stored.
        func run(bookingID: Int64, db: any SQLConnection, notifier: BookingNotifier?) throws -> StoredBooking {
            guard var record = try BookingRecord.fetch(db, id: bookingID) else { throw BookingNotFound(id: bookingID) }
            guard let booking = StoredBooking(record) else { throw UnreadableBooking(id: bookingID) }
            // The patient hears of the booking before hearing of this change.
            try CreationMessages.catchUp(db, through: bookingID, notifier: notifier)
            let before = record
            let timestamp = Timestamp.string(now)
            let from = booking.status
            let to = try BookingStateMachine.next(from, action, visitStart: SlotCalendar.instant(of: booking.request.slot, in: timeZone),
                                                  now: now, rules: rules).get()
            var detail: String?
            if let slot = action.newSlot {
                if let problem = slotProblem(slot, booking.request.doctor) { throw SlotNotBookable(slot: slot, problem: problem) }
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
            } catch let error as SQLError where error.isSlotTaken {
                throw SlotTaken(doctor: booking.request.doctor, slot: action.newSlot ?? booking.request.slot)
            }
            var audit = AuditRecord(bookingId: bookingID, actor: actor, action: actionName, from: from, to: to,
                                    at: timestamp, detail: detail)
            try audit.insert(db)
            // A booking that is over waits for no earlier slot.
            if to.isFinal { try BookingStore.leaveWaitlist(bookingID, db: db, notifier: notifier) }
            try notifier?.changed(from: before, to: record, action: actionName, auditID: audit.id!)
            guard let updated = StoredBooking(record) else { throw UnreadableBooking(id: bookingID) }
            return updated
        }
    }

    /// The history of a booking, oldest first.
    public func audit(bookingID: Int64) async throws -> [AuditEvent] {
        try await database.engine.read { db in
            try db.fetchAll("SELECT * FROM auditEvent WHERE bookingId = ? ORDER BY id", [bookingID])
                .compactMap { try AuditRecord(row: $0).event }
        }
    }

    /// What an action does to `booking.note`.
    enum NoteChange {
        case keep
        case set(String?)
    }

    /// `decline` and `cancelByPractice` store their reason, trimmed (nil when none is given); others keep the note.
    static func validatedNote(of action: BookingAction) throws -> NoteChange {
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
