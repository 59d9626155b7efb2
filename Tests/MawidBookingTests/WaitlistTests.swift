import Foundation
import MawidSite
import Testing
@testable import MawidBooking

/// Freed slots offered to waiting patients, one at a time, latest booking first.
/// "Now" is Tuesday 2025-03-18 07:00 in Algiers (06:00 UTC).
@Suite struct WaitlistTests {
    let now = instant("2025-03-18T06:00:00Z")
    let wednesday = slot("2025-03-19", "09:00")
    let thursday = slot("2025-03-20", "10:00")
    let sunday = slot("2025-03-23", "11:00")
    let sundayLate = slot("2025-03-23", "14:00")
    var calendar: SlotCalendar { SlotCalendar(timeZone: algiers, now: now) }

    func book(_ store: BookingStore, _ slot: Slot, phone: String) async throws -> Int64 {
        let created = try await store.createByPractice(makeRequest(slot, language: "fr", email: nil, phone: phone),
                                                      actor: "amina", now: now)
        return created.id
    }

    /// Wednesday, Thursday (B) and Sunday (C) booked, B and C waiting; Wednesday's patient cancels, so C
    /// (the latest) is offered Wednesday.
    func wednesdayFreedWithThursdayAndSundayWaiting() async throws -> (store: BookingStore, b: Int64, c: Int64) {
        let store = try makeNotifyingStore()
        let a = try await book(store, wednesday, phone: "+213550000001")
        let b = try await book(store, thursday, phone: "+213550000002")
        let c = try await book(store, sunday, phone: "+213550000003")
        try await store.joinWaitlist(bookingID: b, calendar: calendar, rules: TransitionRules())
        try await store.joinWaitlist(bookingID: c, calendar: calendar, rules: TransitionRules())
        try await store.act(.patientCancel, a, actor: "patient", at: now)
        return (store, b, c)
    }

    func openOffers(_ store: BookingStore, _ ids: [Int64]) async throws -> [Int64: SlotOffer] {
        var result: [Int64: SlotOffer] = [:]
        for id in ids { result[id] = try await store.offers(bookingID: id).first { $0.state == .open } }
        return result
    }

    @Test func noJoiningWithinThePatientCutoff() async throws {
        let store = try makeNotifyingStore()
        let soon = try await book(store, slot("2025-03-18", "08:30"), phone: "+213550000001")  // in 1 h 30
        let later = try await book(store, wednesday, phone: "+213550000002")
        await #expect(throws: TransitionError.tooLate) {
            try await store.joinWaitlist(bookingID: soon, calendar: calendar, rules: TransitionRules())
        }
        #expect(try await !store.isWaiting(bookingID: soon))
        // The cut-off is the rules': an hour leaves this visit open.
        try await store.joinWaitlist(bookingID: soon, calendar: calendar, rules: TransitionRules(patientCutoff: 3600))
        #expect(try await store.isWaiting(bookingID: soon))
        try await store.joinWaitlist(bookingID: later, calendar: calendar, rules: TransitionRules())
        #expect(try await store.isWaiting(bookingID: later))
    }

    @Test func theChainACancelsBIsOfferedBAcceptsBsSlotGoesToC() async throws {
        let store = try makeNotifyingStore()
        let a = try await book(store, wednesday, phone: "+213550000001")
        let b = try await book(store, thursday, phone: "+213550000002")
        let c = try await book(store, sunday, phone: "+213550000003")
        try await store.joinWaitlist(bookingID: b, calendar: calendar, rules: TransitionRules())
        #expect(try await store.isWaiting(bookingID: b))

        try await store.act(.patientCancel, a, actor: "patient", at: now)
        let offerToB = try #require(try await openOffers(store, [b])[b])
        #expect(offerToB.slot == wednesday && offerToB.doctor == "amina-haddad")
        #expect(offerToB.expiresAt == now.addingTimeInterval(2 * 3600))
        let sms = try #require(try await store.outbox(bookingID: b).last)
        #expect(sms.kind == .offer && sms.recipient == "+213550000002" && sms.notAfter == offerToB.expiresAt)
        #expect(sms.body.contains("mer. 19/03 à 09:00 (votre RDV : jeu. 20/03 à 10:00). A prendre avant 09:00"))
        let token = try #require(sms.body.split(separator: "/b/").last?.split(separator: "?").first)
        #expect(try await store.booking(token: String(token))?.id == b)
        #expect(sms.body.hasSuffix("?offer=\(offerToB.id)"))

        try await store.joinWaitlist(bookingID: c, calendar: calendar, rules: TransitionRules())
        let moved = try await store.acceptOffer(offerID: offerToB.id, bookingID: b, calendar: SlotCalendar(timeZone: algiers, now: now.addingTimeInterval(600)), rules: TransitionRules())
        #expect(moved.request.slot == wednesday && moved.previousSlot == thursday && moved.status == .pending)
        #expect(try await store.audit(bookingID: b).last?.action == "acceptOffer")
        #expect(try await store.offers(bookingID: b).first?.state == .accepted)
        #expect(try await !store.isWaiting(bookingID: b))
        // B's old slot goes to C, whose booking is later.
        let offerToC = try #require(try await openOffers(store, [c])[c])
        #expect(offerToC.slot == thursday)
        // The reminders of B's confirmed visit went with the move.
        #expect(try await store.outbox(bookingID: b).allSatisfy { $0.kind != .reminder || $0.state != .pending })

        _ = try await store.acceptOffer(offerID: offerToC.id, bookingID: c, calendar: SlotCalendar(timeZone: algiers, now: now.addingTimeInterval(900)), rules: TransitionRules())
        #expect(try await store.booking(id: c, doctors: nil)?.request.slot == thursday)
        #expect(try await store.takenSlots(doctor: "amina-haddad", from: day("2025-03-19"), through: day("2025-03-23"))
                == [wednesday, thursday])
    }

    @Test func theLatestBookingIsOfferedFirstThenTheNextOnExpiryOrRefusal() async throws {
        let store = try makeNotifyingStore()
        let a = try await book(store, wednesday, phone: "+213550000001")
        let early = try await book(store, thursday, phone: "+213550000002")
        let late = try await book(store, sundayLate, phone: "+213550000003")
        let middle = try await book(store, sunday, phone: "+213550000004")
        for id in [early, late, middle] { try await store.joinWaitlist(bookingID: id, calendar: calendar, rules: TransitionRules()) }
        try await store.act(.cancelByPractice(reason: "Absent"), a, at: now)

        #expect(try await openOffers(store, [early, late, middle]).keys.sorted() == [late])
        // Nobody answers within 2 hours: the worker passes it to the next one.
        let worker = OutboxWorker(store: store, settings: testSettings(), channels: [.sms: FakeChannel()])
        #expect(try await worker.runOnce(now: now.addingTimeInterval(3600)).offersExpired == 0)
        #expect(try await worker.runOnce(now: now.addingTimeInterval(2 * 3600)).offersExpired == 1)
        #expect(try await store.offers(bookingID: late).first?.state == .expired)
        let offer = try #require(try await openOffers(store, [middle])[middle])
        await #expect(throws: OfferUnavailable(offerID: offer.id)) {
            try await store.acceptOffer(offerID: offer.id, bookingID: late, calendar: SlotCalendar(timeZone: algiers, now: now.addingTimeInterval(2 * 3600)), rules: TransitionRules())
        }
        try await store.declineOffer(offerID: offer.id, bookingID: middle, now: now.addingTimeInterval(2 * 3600 + 60))
        let last = try #require(try await openOffers(store, [early])[early])
        // Offered at 09:01 for a 09:00 slot the next day: open 2 hours.
        #expect(last.expiresAt == now.addingTimeInterval(4 * 3600 + 60))
        await #expect(throws: OfferUnavailable(offerID: last.id)) {
            try await store.acceptOffer(offerID: last.id, bookingID: early, calendar: SlotCalendar(timeZone: algiers, now: last.expiresAt), rules: TransitionRules())
        }
    }

    @Test func slotsTooCloseAreNotOfferedAndEarlierBookingsDoNotWait() async throws {
        let store = try makeNotifyingStore()
        let soon = try await book(store, slot("2025-03-18", "08:00"), phone: "+213550000001")
        let waiting = try await book(store, thursday, phone: "+213550000002")
        // Later today, past the patient's cut-off (so it may wait), and still before Thursday.
        let before = try await book(store, slot("2025-03-18", "10:00"), phone: "+213550000003")
        try await store.joinWaitlist(bookingID: waiting, calendar: calendar, rules: TransitionRules())
        try await store.joinWaitlist(bookingID: before, calendar: calendar, rules: TransitionRules())
        // 08:00 today is within the 2-hour cut-off: not offered.
        try await store.act(.cancelByPractice(reason: nil), soon, at: now)
        #expect(try await store.offers(bookingID: waiting).isEmpty)
        // Thursday freed: only later bookings wait for it, and `before` is earlier.
        try await store.act(.cancelByPractice(reason: nil), waiting, at: now)
        #expect(try await store.offers(bookingID: before).isEmpty)
        #expect(try await !store.isWaiting(bookingID: waiting))
        await #expect(throws: TransitionError.self) { try await store.joinWaitlist(bookingID: waiting, calendar: calendar, rules: TransitionRules()) }
    }

    @Test func aCancelledWaitingBookingPassesItsOfferOn() async throws {
        let (store, b, c) = try await wednesdayFreedWithThursdayAndSundayWaiting()
        #expect(try await openOffers(store, [b, c]).keys.sorted() == [c])
        try await store.act(.patientCancel, c, actor: "patient", at: now)
        // C's offer closes (its SMS unsent is dropped) and Wednesday goes to B; C's Sunday slot has nobody later.
        #expect(try await store.offers(bookingID: c).first?.state == .declined)
        #expect(try await store.outbox(bookingID: c).filter { $0.kind == .offer }.isEmpty)
        #expect(try await openOffers(store, [b])[b]?.slot == wednesday)
    }

    @Test func theWaitlistKeepsItsBooksWithMessagesOff() async throws {
        let (store, b, c) = try await wednesdayFreedWithThursdayAndSundayWaiting()
        let offer = try #require(try await openOffers(store, [c])[c])
        store.setMessageContext(nil)

        // Taking the offer needs no message context: the booking moves and leaves the waitlist.
        let moved = try await store.acceptOffer(offerID: offer.id, bookingID: c,
                                                calendar: SlotCalendar(timeZone: algiers, now: now.addingTimeInterval(600)),
                                                rules: TransitionRules())
        #expect(moved.request.slot == wednesday)
        #expect(try await store.offers(bookingID: c).first?.state == .accepted)
        #expect(try await !store.isWaiting(bookingID: c))
        // A booking that is over leaves the waitlist, messages or not.
        try await store.act(.cancelByPractice(reason: nil), b, at: now)
        #expect(try await !store.isWaiting(bookingID: b))
    }
}
