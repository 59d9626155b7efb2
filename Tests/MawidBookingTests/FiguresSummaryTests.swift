import Foundation
import GRDB
import MawidSite
import MawidStorage
import MawidTestSupport
import Testing
@testable import MawidBooking

/// The figures' summary (`Schema.v11`) gives what counting every booking gives: for bookings counted before
/// their changes (the triggers keep them), after (`countFigures` reads them as they are), or not counted yet
/// (read directly); after every kind of change: confirm, cancel by the patient or the office, a refused
/// proposal, done, no-show, moves by either side, raw status changes and deletions.
@Suite struct FiguresSummaryTests {
    let now = instant("2025-03-18T06:00:00Z")  // Tuesday 07:00 in Algiers
    let later = instant("2025-04-30T12:00:00Z")
    let doctors = ["amina-haddad": makeDoctor(), "other": makeDoctor(slug: "other")]
    let periods = [("2025-03-22", "2025-03-31"), ("2025-03-01", "2025-04-30"), ("2025-03-24", "2025-03-24"), ("2025-04-01", "2025-04-30")]

    func apply(_ store: BookingStore, _ action: BookingAction, _ id: Int64, actor: String = "amina", at: Date? = nil) async throws {
        _ = try await store.apply(action, bookingID: id, actor: actor, calendar: SlotCalendar(timeZone: algiers, now: at ?? now),
                                  rules: TransitionRules(), doctors: doctors)
    }

    /// The summary's figures equal the direct count, per doctor and for the network, over every test period.
    func expectSummaryMatches(_ store: BookingStore, _ comment: Comment, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        for (from, through) in periods {
            for perDoctor in [false, true] {
                let summary = try await store.figuresByDoctor(doctors: nil, from: day(from), through: day(through), perDoctor: perDoctor)
                let direct = try await store.figuresByDoctor(doctors: nil, from: day(from), through: day(through), perDoctor: perDoctor,
                                                             direct: true)
                #expect(summary == direct, "\(comment) \(from)…\(through)", sourceLocation: sourceLocation)
            }
            let one = try await store.figures(doctors: ["amina-haddad"], from: day(from), through: day(through))
            let oneDirect = try await store.figuresByDoctor(doctors: ["amina-haddad"], from: day(from), through: day(through),
                                                            perDoctor: false, direct: true)[""]
            #expect(one == oneDirect ?? PracticeFigures(from: day(from), through: day(through)), "\(comment)", sourceLocation: sourceLocation)
        }
        // No count ever goes below zero.
        let negative = try await store.database.engine.read { db in
            try db.value("""
                SELECT (SELECT count(*) FROM figuresDay WHERE requests < 0 OR pending < 0 OR confirmed < 0 OR proposed < 0
                            OR declined < 0 OR cancelled < 0 OR done < 0 OR noShow < 0 OR cancelledByPatient < 0 OR phone < 0)
                     + (SELECT count(*) FROM figuresHour WHERE n < 0) + (SELECT count(*) FROM figuresLead WHERE n < 0)
                """, as: Int.self)
        }
        #expect(negative == 0, "\(comment)", sourceLocation: sourceLocation)
    }

    /// Ten bookings, changed in every way; `countedBefore` of them counted before the changes.
    @Test(arguments: [0, 5, 10])
    func theSummaryFollowsEveryChange(countedBefore: Int) async throws {
        let store = BookingStore(database: try TestDatabases.fresh())
        var ids: [String: Int64] = [:]
        for (name, date, time) in [("came", "2025-03-23", "09:00"), ("missed", "2025-03-23", "09:30"),
                                   ("byPatient", "2025-03-24", "09:00"), ("byPractice", "2025-03-24", "10:00"),
                                   ("refused", "2025-03-25", "11:00"), ("moved", "2025-03-25", "11:30"),
                                   ("declined", "2025-03-26", "09:00"), ("deleted", "2025-03-26", "09:30"),
                                   ("raw", "2025-03-27", "13:00")] {
            ids[name] = try await store.create(makeRequest(slot(date, time)), now: now).id
        }
        ids["phone"] = try await store.createByPractice(makeRequest(doctor: "other", slot("2025-03-24", "10:30")), actor: "amina", now: now).id
        if countedBefore > 0 { #expect(try await store.countFigures(limit: countedBefore) == countedBefore) }
        try await expectSummaryMatches(store, "created")

        for name in ["came", "missed", "byPatient", "refused"] { try await apply(store, .confirm, ids[name]!) }
        try await apply(store, .patientCancel, ids["byPatient"]!, actor: AuditEvent.patientActor)
        try await apply(store, .cancelByPractice(reason: nil), ids["byPractice"]!)
        try await apply(store, .propose(slot("2025-03-26", "14:00")), ids["refused"]!)
        try await apply(store, .patientRefuse, ids["refused"]!, actor: AuditEvent.patientActor)
        // Moved out of the first period, to another hour, 15 days after the request.
        try await apply(store, .patientReschedule(slot("2025-04-02", "08:00")), ids["moved"]!, actor: AuditEvent.patientActor)
        try await apply(store, .decline(reason: "Pas ce motif"), ids["declined"]!)
        try await expectSummaryMatches(store, "changed")

        try await apply(store, .markDone, ids["came"]!, at: later)
        try await apply(store, .markNoShow, ids["missed"]!, at: later)
        #expect(try await store.setStatus(.cancelled, reference: try await referenceOf(store, ids["raw"]!), now: now))
        let deleted = ids["deleted"]!
        try await store.database.engine.write { db in try db.execute("DELETE FROM booking WHERE id = ?", [deleted]) }
        try await expectSummaryMatches(store, "came, missed, raw change, deleted")

        // Counting the rest reads them as they are now; the figures stay the same.
        let before = try await store.figures(doctors: nil, from: day("2025-03-01"), through: day("2025-04-30"))
        while try await store.countFigures(limit: 3) > 0 {}
        #expect(try await store.figures(doctors: nil, from: day("2025-03-01"), through: day("2025-04-30")) == before)
        try await expectSummaryMatches(store, "all counted")
        #expect(before.requests == 9 && before.cancelledByPatient == 2 && before.cancelledByPractice == 2 && before.phone == 1)
        #expect(before.byStatus == [.done: 1, .noShow: 1, .cancelled: 4, .declined: 1, .pending: 1, .confirmed: 1])

        // Changes after everything is counted: a phone booking moved by the office, then cancelled by the patient.
        try await apply(store, .propose(slot("2025-04-03", "15:00")), ids["phone"]!)
        try await apply(store, .patientCancel, ids["phone"]!, actor: AuditEvent.patientActor)
        try await expectSummaryMatches(store, "after counting")
        // A booking the patient cancelled, deleted with its history.
        let cancelled = ids["byPatient"]!
        try await store.database.engine.write { db in try db.execute("DELETE FROM booking WHERE id = ?", [cancelled]) }
        try await expectSummaryMatches(store, "a cancelled booking deleted")
        #expect(try await store.figures(doctors: nil, from: day("2025-03-01"), through: day("2025-04-30")).cancelledByPatient == 2)
    }

    func referenceOf(_ store: BookingStore, _ id: Int64) async throws -> String {
        try #require(try await store.booking(id: id, doctors: nil)).reference
    }

    /// A database from before v11: its bookings are counted by the counter, and read directly until then.
    @Test func bookingsFromBeforeTheSummaryAreCountedAfterIt() async throws {
        let fresh = try DatabaseQueue(configuration: AppDatabase.makeConfiguration())
        try Schema.migrator.migrate(fresh, upTo: "v9")
        try await fresh.write { db in
            for (index, date) in ["2025-03-23", "2025-03-24", "2025-03-24"].enumerated() {
                try db.execute(sql: """
                    INSERT INTO booking (reference, tokenHash, doctor, date, time, status, patientName, phone, forWhom,
                                         language, createdAt, updatedAt, source)
                    VALUES (?, ?, 'amina-haddad', ?, '09:00', 'cancelled', 'Karim', '+213550123456', 'self', 'fr',
                            '2025-03-18T06:00:00Z', '2025-03-18T06:00:00Z', 'web')
                    """, arguments: ["REF\(index)", "hash\(index)", date])
                try db.execute(sql: """
                    INSERT INTO auditEvent (bookingId, actor, action, fromStatus, toStatus, at)
                    VALUES (?, 'patient', 'patientCancel', 'pending', 'cancelled', '2025-03-18T07:00:00Z')
                    """, arguments: [db.lastInsertedRowID])
            }
        }
        let store = BookingStore(database: try AppDatabase(fresh))
        let direct = try await store.figures(doctors: nil, from: day("2025-03-01"), through: day("2025-03-31"))
        #expect(direct.requests == 3 && direct.cancelledByPatient == 3)
        #expect(try await store.countFigures() == 3)
        #expect(try await store.countFigures() == 0)
        #expect(try await store.figures(doctors: nil, from: day("2025-03-01"), through: day("2025-03-31")) == direct)
        #expect(direct.byWeekday == [.sun: 1, .mon: 2] && direct.medianLeadDays == 6)
    }
}
