import Foundation
import GRDB
import MawidSite
import MawidStorage
import MawidTestSupport
import Testing
@testable import MawidBooking

/// `BookingStore.apply`: the state machine on stored bookings, slot moves, audit trail.
/// "Now" is Tuesday 2025-03-18 07:00 in Algiers.
@Suite struct BookingActionTests {
    let now = instant("2025-03-18T06:00:00Z")
    let doctors = ["amina-haddad": makeDoctor(), "other": makeDoctor(slug: "other")]
    let wednesday = slot("2025-03-19", "09:00")
    let thursday = slot("2025-03-20", "10:30")

    func calendar(_ at: Date? = nil) -> SlotCalendar { SlotCalendar(timeZone: algiers, now: at ?? now) }

    @discardableResult
    func apply(_ store: BookingStore, _ action: BookingAction, _ id: Int64, actor: String = "amina",
               at: Date? = nil) async throws -> StoredBooking {
        try await store.apply(action, bookingID: id, actor: actor, calendar: calendar(at), rules: TransitionRules(),
                              doctors: doctors)
    }

    @Test func createIsAudited() async throws {
        let store = BookingStore(database: try TestDatabases.fresh())
        let created = try await store.create(makeRequest(wednesday), now: now)
        let audit = try await store.audit(bookingID: created.id)
        #expect(audit.count == 1)
        #expect(audit.first?.actor == "patient")
        #expect(audit.first?.action == "create")
        #expect(audit.first?.from == nil)
        #expect(audit.first?.to == .pending)
        #expect(audit.first?.at == now)
        #expect(audit.first?.bookingID == created.id)
        let stored = try #require(try await store.booking(token: created.token))
        #expect(stored.source == .web)
        #expect(stored.note == nil && stored.previousSlot == nil && stored.attendance == nil)
    }

    @Test func proposeMovesTheBookingAndTheAuditSaysWhoDidIt() async throws {
        let store = BookingStore(database: try TestDatabases.fresh())
        let created = try await store.create(makeRequest(wednesday), now: now)
        let later = now.addingTimeInterval(600)

        let proposed = try await apply(store, .propose(thursday), created.id, actor: "secretariat", at: later)
        #expect(proposed.status == .proposed)
        #expect(proposed.request.slot == thursday)
        #expect(proposed.previousSlot == wednesday)
        #expect(proposed.updatedAt == later)
        #expect(proposed.createdAt == now)
        #expect(try await store.booking(token: created.token) == proposed)
        // The old slot is free again, the new one held.
        #expect(try await store.takenSlots(doctor: "amina-haddad", from: day("2025-03-19"), through: day("2025-03-20"))
                == [thursday])

        let accepted = try await apply(store, .patientAccept, created.id, actor: AuditEvent.patientActor, at: later)
        #expect(accepted.status == .confirmed)
        #expect(accepted.request.slot == thursday)
        #expect(accepted.previousSlot == wednesday)

        let audit = try await store.audit(bookingID: created.id)
        #expect(audit.map(\.actor) == ["patient", "secretariat", "patient"])
        #expect(audit.map(\.action) == ["create", "propose", "patientAccept"])
        #expect(audit.map(\.from) == [nil, .pending, .proposed])
        #expect(audit.map(\.to) == [.pending, .proposed, .confirmed])
        #expect(audit[1].detail == "2025-03-19 09:00 → 2025-03-20 10:30")
        #expect(audit[1].at == later)
        #expect(audit[2].detail == nil)
    }

    @Test func movingOntoAHeldSlotIsRefusedAndChangesNothing() async throws {
        let store = BookingStore(database: try TestDatabases.fresh())
        let first = try await store.create(makeRequest(wednesday), now: now)
        let second = try await store.create(makeRequest(thursday), now: now)
        await #expect(throws: SlotTaken(doctor: "amina-haddad", slot: thursday)) {
            try await apply(store, .propose(thursday), first.id)
        }
        await #expect(throws: SlotTaken(doctor: "amina-haddad", slot: thursday)) {
            try await apply(store, .patientReschedule(thursday), first.id, actor: "patient")
        }
        let unchanged = try #require(try await store.booking(id: first.id, doctors: nil))
        #expect(unchanged.status == .pending && unchanged.request.slot == wednesday && unchanged.updatedAt == now)
        #expect(try await store.audit(bookingID: first.id).count == 1)

        // Another doctor's booking at the same time is no obstacle.
        let other = try await store.create(makeRequest(doctor: "other", wednesday), now: now)
        #expect(try await apply(store, .propose(thursday), other.id).request.slot == thursday)
        // Once the second booking lets its slot go, the first can move there.
        try await apply(store, .patientCancel, second.id, actor: "patient")
        #expect(try await apply(store, .patientReschedule(thursday), first.id, actor: "patient").request.slot == thursday)
    }

    @Test func concurrentProposalsForOneSlotGiveItToOneBooking() async throws {
        let folder = TempFolder()
        defer { folder.cleanup() }
        let store = try makeStore(folder)
        var ids: [Int64] = []
        for time in ["08:00", "08:30", "09:00", "09:30", "10:00", "10:30", "11:00", "11:30"] {
            ids.append(try await store.create(makeRequest(slot("2025-03-19", time)), now: now).id)
        }
        let target = slot("2025-03-20", "14:00")
        let outcomes = await withTaskGroup(of: String.self) { group in
            for id in ids {
                group.addTask {
                    do {
                        try await apply(store, .propose(target), id)
                        return "moved"
                    } catch is SlotTaken {
                        return "taken"
                    } catch {
                        return "\(error)"
                    }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes.sorted() == ["moved"] + Array(repeating: "taken", count: ids.count - 1))
    }

    @Test func newSlotMustBeBookable() async throws {
        let store = BookingStore(database: try TestDatabases.fresh())
        let created = try await store.create(makeRequest(wednesday), now: now)
        let cases: [(Slot, SlotProblem)] = [
            (slot("2025-03-19", "09:15"), .notOnSchedule),
            (slot("2025-03-21", "09:00"), .notOnSchedule),  // Friday
            (slot("2025-03-18", "06:30"), .past),
            (slot("2025-07-01", "09:00"), .tooFarAhead),
        ]
        for (wanted, problem) in cases {
            await #expect(throws: SlotNotBookable(slot: wanted, problem: problem)) {
                try await apply(store, .propose(wanted), created.id)
            }
        }
        // A doctor who left the directory has no bookable slot.
        await #expect(throws: SlotNotBookable(slot: thursday, problem: .notOnSchedule)) {
            try await store.apply(.propose(thursday), bookingID: created.id, actor: "amina", calendar: calendar(),
                                  rules: TransitionRules(), doctors: [:])
        }
        // Actions that do not move need no doctor.
        let confirmed = try await store.apply(.confirm, bookingID: created.id, actor: "amina", calendar: calendar(),
                                              rules: TransitionRules(), doctors: [:])
        #expect(confirmed.status == .confirmed)
    }

    @Test func refusedTransitionsWriteNothing() async throws {
        let store = BookingStore(database: try TestDatabases.fresh())
        let created = try await store.create(makeRequest(wednesday), now: now)
        await #expect(throws: TransitionError.notAllowed(from: .pending, action: "markDone")) {
            try await apply(store, .markDone, created.id)
        }
        try await apply(store, .confirm, created.id)
        // 08:00 in Algiers on the day of a 09:00 visit: too late for the patient.
        let withinCutoff = instant("2025-03-19T07:00:00Z")
        await #expect(throws: TransitionError.tooLate) {
            try await apply(store, .patientCancel, created.id, actor: "patient", at: withinCutoff)
        }
        await #expect(throws: TransitionError.visitNotPassed) {
            try await apply(store, .markNoShow, created.id, at: withinCutoff)
        }
        let afterStart = instant("2025-03-19T08:00:00Z")
        await #expect(throws: TransitionError.visitPassed) {
            try await apply(store, .cancelByPractice(reason: nil), created.id, at: afterStart)
        }
        #expect(try await apply(store, .markNoShow, created.id, at: afterStart).status == .noShow)
        await #expect(throws: TransitionError.notAllowed(from: .noShow, action: "markDone")) {
            try await apply(store, .markDone, created.id, at: afterStart)
        }
        #expect(try await store.audit(bookingID: created.id).map(\.action) == ["create", "confirm", "markNoShow"])
        await #expect(throws: BookingNotFound(id: 999)) { try await apply(store, .confirm, 999) }
    }

    @Test(arguments: [BookingAction.patientCancel, .decline(reason: "Absent"), .cancelByPractice(reason: nil)])
    func releasedSlotCanBeBookedAgain(action: BookingAction) async throws {
        let store = BookingStore(database: try TestDatabases.fresh())
        let first = try await store.create(makeRequest(wednesday), now: now)
        await #expect(throws: SlotTaken.self) { try await store.create(makeRequest(wednesday), now: now) }
        let released = try await apply(store, action, first.id, actor: action.side == .patient ? "patient" : "amina")
        #expect(released.status == (action == .decline(reason: "Absent") ? .declined : .cancelled))
        #expect(try await store.takenSlots(doctor: "amina-haddad", from: wednesday.date, through: wednesday.date).isEmpty)
        let second = try await store.create(makeRequest(wednesday), now: now)
        #expect(second.id != first.id)
    }

    @Test func reasonsAreStoredForThePatient() async throws {
        let store = BookingStore(database: try TestDatabases.fresh())
        let declined = try await store.create(makeRequest(wednesday), now: now)
        for blank in ["", "   \n "] {
            await #expect(throws: FieldErrors.self) { try await apply(store, .decline(reason: blank), declined.id) }
        }
        await #expect(throws: FieldErrors.self) {
            try await apply(store, .decline(reason: String(repeating: "x", count: 501)), declined.id)
        }
        await #expect(throws: FieldErrors.self) { try await apply(store, .decline(reason: "a\u{7}b"), declined.id) }
        let stored = try await apply(store, .decline(reason: "  Le docteur est en congé.\r\nAppelez-nous. "), declined.id)
        #expect(stored.note == "Le docteur est en congé.\nAppelez-nous.")
        #expect(try await store.audit(bookingID: declined.id).last?.detail == "Le docteur est en congé.\nAppelez-nous.")

        let cancelled = try await store.create(makeRequest(thursday), now: now)
        let withoutReason = try await apply(store, .cancelByPractice(reason: "  "), cancelled.id)
        #expect(withoutReason.status == .cancelled && withoutReason.note == nil)
    }

    @Test func patientRescheduleGoesBackToReviewAndForgetsAttendance() async throws {
        let store = BookingStore(database: try TestDatabases.fresh())
        let created = try await store.create(makeRequest(wednesday), now: now)
        try await apply(store, .confirm, created.id)
        try await store.database.engine.write { db in
            try db.execute("UPDATE booking SET attendance = 'confirmed' WHERE id = ?", [created.id])
        }
        #expect(try await store.booking(token: created.token)?.attendance == .confirmed)
        let moved = try await apply(store, .patientReschedule(thursday), created.id, actor: "patient")
        #expect(moved.status == .pending)
        #expect(moved.request.slot == thursday)
        #expect(moved.previousSlot == wednesday)
        #expect(moved.attendance == nil)
        #expect(moved.request.patientName == "Karim Benali")
    }

    @Test func auditHoldsNoPatientData() async throws {
        let store = BookingStore(database: try TestDatabases.fresh())
        let created = try await store.create(makeRequest(wednesday, name: "Yasmine Kaci"), now: now)
        try await apply(store, .propose(thursday), created.id)
        try await apply(store, .patientRefuse, created.id, actor: "patient")
        let rows = try await store.database.engine.read { db in
            try db.fetchAll("SELECT * FROM auditEvent").map { row in
                row.values.compactMap { String.fromSQL($0) }.joined(separator: " ")
            }
        }
        #expect(rows.count == 3)
        for row in rows { #expect(!row.contains("Yasmine") && !row.contains("+213")) }
    }
}
