import Foundation
import MawidStorage
import MawidSite

/// An earlier slot offered to a waiting patient.
public struct SlotOffer: Sendable, Hashable {
    public enum State: String, Sendable, CaseIterable, Codable {
        case open, accepted, expired, declined
    }

    public var id: Int64
    /// The waiting patient's booking.
    public var bookingID: Int64
    public var doctor: String
    public var slot: Slot
    public var expiresAt: Date
    public var state: State

    init?(_ row: SQLRow) {
        guard let date: String = row["date"], let time: String = row["time"], let slot = Slot(date: date, time: time),
              let expiresAt = row["expiresAt"].flatMap(Timestamp.date), let state = row["state"].flatMap(State.init(rawValue:)),
              let id: Int64 = row["id"], let bookingID: Int64 = row["bookingId"], let doctor: String = row["doctor"]
        else { return nil }
        self.id = id
        self.bookingID = bookingID
        self.doctor = doctor
        self.slot = slot
        self.expiresAt = expiresAt
        self.state = state
    }
}

/// The offer does not exist for this booking, is no longer open, or has expired.
public struct OfferUnavailable: Error, Hashable, Sendable {
    public var offerID: Int64
}

extension BookingStore {
    /// The patient of booking `bookingID` asks to be offered an earlier slot with the same doctor when one
    /// frees up. Only a booking holding a slot can wait, and only while the patient may still move it (an offer
    /// moves it): not within `rules.patientCutoff` of the visit (its start in `calendar`'s time zone, "now" is
    /// `calendar.now`, as for `apply`). Joining twice changes nothing.
    /// - Throws: `BookingNotFound`; `TransitionError.notAllowed` when the booking holds no slot,
    ///   `TransitionError.tooLate` past the cut-off.
    public func joinWaitlist(bookingID: Int64, calendar: SlotCalendar, rules: TransitionRules) async throws {
        try await database.engine.write { db in
            guard let row = try db.fetchOne("SELECT status, date, time FROM booking WHERE id = ?",
                                             [bookingID]) else {
                throw BookingNotFound(id: bookingID)
            }
            let status: String = row["status"] ?? ""
            guard let current = BookingStatus(rawValue: status), current.holdsSlot else {
                throw TransitionError.notAllowed(from: BookingStatus(rawValue: status) ?? .cancelled, action: "joinWaitlist")
            }
            if let date: String = row["date"], let time: String = row["time"], let slot = Slot(date: date, time: time) {
                // The patient's cut-off, as `apply` checks it for the move an offer would make.
                _ = try BookingStateMachine.next(current, .patientReschedule(slot), visitStart: calendar.instant(of: slot),
                                                 now: calendar.now, rules: rules).get()
            }
            try db.execute("""
                INSERT INTO waitlist (bookingId, createdAt, active) VALUES (?, ?, 1)
                ON CONFLICT (bookingId) DO UPDATE SET active = 1
                """, [bookingID, Timestamp.string(calendar.now)])
        }
    }

    /// The booking leaves the waitlist (its open offers go to the next patients).
    public func leaveWaitlist(bookingID: Int64, now: Date = Date()) async throws {
        let notifications = notifications
        try await database.engine.write { db in
            try Self.leaveWaitlist(bookingID, db: db, notifier: notifications.notifier(db, now: now))
        }
    }

    /// The waitlist's bookkeeping, with or without messages: the entry ends, open offers are declined and
    /// their unsent messages dropped; with a notifier, each freed offer goes to the next waiting patient.
    static func leaveWaitlist(_ bookingID: Int64, db: any SQLConnection, notifier: BookingNotifier?) throws {
        try db.execute("UPDATE waitlist SET active = 0 WHERE bookingId = ?", [bookingID])
        let open = try db.fetchAll("SELECT id, doctor, date, time FROM offer WHERE bookingId = ? AND state = 'open'",
                                    [bookingID])
        guard !open.isEmpty else { return }
        try db.execute("UPDATE offer SET state = 'declined' WHERE bookingId = ? AND state = 'open'", [bookingID])
        try db.execute("DELETE FROM outbox WHERE bookingId = ? AND kind = ? AND state IN ('pending', 'held')",
                       [bookingID, MessageKind.offer.rawValue])
        guard let notifier else { return }
        for row in open {
            guard let date: String = row["date"], let time: String = row["time"], let doctor: String = row["doctor"],
                  let slot = Slot(date: date, time: time) else { continue }
            try notifier.offerFreedSlot(doctor: doctor, slot: slot)
        }
    }

    /// True if the booking waits for an earlier slot.
    public func isWaiting(bookingID: Int64) async throws -> Bool {
        try await database.engine.read { db in
            try db.value("SELECT active FROM waitlist WHERE bookingId = ?", [bookingID], as: Bool.self) ?? false
        }
    }

    /// The offers made to a booking, newest first.
    public func offers(bookingID: Int64) async throws -> [SlotOffer] {
        try await database.engine.read { db in
            try db.fetchAll("SELECT * FROM offer WHERE bookingId = ? ORDER BY id DESC", [bookingID])
                .compactMap(SlotOffer.init)
        }
    }

    /// The patient takes the offered slot: their booking moves there as with `patientReschedule` (the state
    /// machine, the cut-off, the slot index and the audit trail, action `acceptOffer`), the offer becomes
    /// `accepted`, the booking leaves the waitlist, the office is told, and the slot left behind is offered
    /// in turn — all in one transaction. `calendar` gives the time zone and now, `rules` the patients' cut-off,
    /// as for `apply`.
    /// - Throws: `OfferUnavailable`; `TransitionError`; `SlotTaken` (someone booked it meanwhile);
    ///   `SlotNotBookable` (past); `BookingNotFound`. Nothing is written when it throws.
    @discardableResult
    public func acceptOffer(offerID: Int64, bookingID: Int64, calendar: SlotCalendar,
                            rules: TransitionRules) async throws -> StoredBooking {
        let notifications = notifications
        let now = calendar.now
        return try await database.engine.write { db in
            let offer = try Self.openOffer(offerID, bookingID: bookingID, now: now, db: db)
            let notifier = try notifications.notifier(db, now: now)
            try db.execute("UPDATE offer SET state = 'accepted' WHERE id = ?", [offerID])
            try Self.leaveWaitlist(bookingID, db: db, notifier: notifier)
            let move = Move(action: .patientReschedule(offer.slot), actionName: "acceptOffer", actor: AuditEvent.patientActor,
                            note: .keep, now: now, timeZone: calendar.timeZone, rules: rules) { slot, _ in
                calendar.isPast(slot) ? .past : nil
            }
            return try move.run(bookingID: bookingID, db: db, notifier: notifier)
        }
    }

    /// The patient turns the offer down: it goes to the next waiting patient at once.
    /// - Throws: `OfferUnavailable`.
    public func declineOffer(offerID: Int64, bookingID: Int64, now: Date) async throws {
        let notifications = notifications
        try await database.engine.write { db in
            let offer = try Self.openOffer(offerID, bookingID: bookingID, now: now, db: db)
            try db.execute("UPDATE offer SET state = 'declined' WHERE id = ?", [offerID])
            try notifications.notifier(db, now: now)?.offerFreedSlot(doctor: offer.doctor, slot: offer.slot)
        }
    }

    private static func openOffer(_ id: Int64, bookingID: Int64, now: Date, db: any SQLConnection) throws -> SlotOffer {
        guard let row = try db.fetchOne("SELECT * FROM offer WHERE id = ?", [id]),
              let offer = SlotOffer(row), offer.bookingID == bookingID, offer.state == .open, offer.expiresAt > now
        else { throw OfferUnavailable(offerID: id) }
        return offer
    }
}
