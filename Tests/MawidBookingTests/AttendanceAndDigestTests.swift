import Foundation
import MawidDelivery
import MawidSite
import MawidStorage
import MawidTestSupport
import Testing
@testable import MawidBooking

/// "I will come", the accounts' contact details and their digests.
@Suite struct AttendanceAndDigestTests {
    let now = instant("2025-03-18T06:00:00Z")

    @Test func confirmAttendanceIsAuditedOnceAndOnlyForConfirmedVisits() async throws {
        let store = try makeNotifyingStore()
        let pending = try await store.create(makeRequest(slot("2025-03-19", "09:00"), language: "fr"), now: now)
        await #expect(throws: TransitionError.notAllowed(from: .pending, action: "confirmAttendance")) {
            try await store.confirmAttendance(bookingID: pending.id, now: now)
        }
        try await store.act(.confirm, pending.id, at: now)
        let booking = try await store.confirmAttendance(bookingID: pending.id, now: now.addingTimeInterval(60))
        #expect(booking.attendance == .confirmed)
        _ = try await store.confirmAttendance(bookingID: pending.id, now: now.addingTimeInterval(120))
        let audit = try await store.audit(bookingID: pending.id)
        #expect(audit.map(\.action) == ["create", "confirm", "confirmAttendance"])
        #expect(audit.last?.actor == "patient" && audit.last?.from == .confirmed && audit.last?.to == .confirmed)
        // Wednesday 09:00 in Algiers has started at 08:00 UTC.
        await #expect(throws: TransitionError.visitPassed) {
            try await store.confirmAttendance(bookingID: pending.id, now: instant("2025-03-19T08:00:00Z"))
        }
        await #expect(throws: BookingNotFound(id: 99)) { try await store.confirmAttendance(bookingID: 99, now: now) }
    }

    @Test func accountsGetContactDetails() throws {
        let accounts = AccountStore(database: try TestDatabases.fresh(), hasher: PasswordHasher(cost: 4))
        try accounts.add(login: "amina", password: "a long password", doctors: ["amina-haddad"], isAdmin: false)
        try accounts.setContact(login: "Amina", email: "amina@cabinet.example.dz", phone: "0550 12 34 56", notify: .digest)
        var account = try #require(try accounts.account(login: "amina"))
        #expect(account.email == "amina@cabinet.example.dz" && account.phone == "+213550123456" && account.notify == .digest)
        try accounts.setContact(login: "amina", email: "", phone: nil)
        account = try #require(try accounts.account(login: "amina"))
        #expect(account.email == nil && account.phone == "+213550123456" && account.notify == .digest)
        #expect(throws: AccountError.invalidEmail("amina@")) { try accounts.setContact(login: "amina", email: "amina@", phone: nil) }
        #expect(throws: AccountError.invalidPhone("12")) { try accounts.setContact(login: "amina", email: nil, phone: "12") }
        #expect(throws: AccountError.unknownLogin("nobody")) { try accounts.setContact(login: "nobody", email: nil, phone: nil) }
    }

    @Test func digestAccountsGetOneEmailPerInterval() async throws {
        let store = try makeNotifyingStore()
        let accounts = AccountStore(database: store.database, hasher: PasswordHasher(cost: 4))
        try accounts.add(login: "amina", password: "a long password", doctors: ["amina-haddad"], isAdmin: false)
        try accounts.setContact(login: "amina", email: "amina@cabinet.example.dz", phone: "0550 12 34 56", notify: .digest)
        let first = try await store.create(makeRequest(slot("2025-03-19", "09:00"), language: "ar"), now: now)
        let second = try await store.create(makeRequest(slot("2025-03-19", "10:00"), language: "en"), now: now.addingTimeInterval(3600))
        #expect(try await store.allOutbox().allSatisfy { $0.kind == .received })

        let email = FakeChannel()
        let worker = OutboxWorker(store: store, settings: testSettings(), channels: [.email: email, .sms: FakeChannel()])
        #expect(try await worker.runOnce(now: now.addingTimeInterval(23 * 3600)).digests == 0)
        #expect(try await worker.runOnce(now: now.addingTimeInterval(24 * 3600)).digests == 1)
        let digest = try #require(email.sent.last)
        #expect(digest.kind == "digest" && digest.recipient == "amina@cabinet.example.dz")
        #expect(digest.subject == "Mawid : 2 nouvelle(s) à traiter")
        #expect(digest.body.contains("- Nouvelle demande \(first.reference) pour Dr Amina Haddad : mer. 19/03 à 09:00."))
        #expect(digest.body.contains("- Nouvelle demande \(second.reference) pour Dr Amina Haddad : mer. 19/03 à 10:00."))
        #expect(try await worker.runOnce(now: now.addingTimeInterval(48 * 3600)).digests == 0)
    }
}
