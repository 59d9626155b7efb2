import Foundation
import GRDB
import MawidStorage
import MawidTestSupport
import Testing
@testable import MawidBooking

@Suite struct SessionTests {
    let now = instant("2025-03-18T06:00:00Z")
    let hour: TimeInterval = 3600

    func setUp() throws -> (AccountStore, SessionStore, Account) {
        let accounts = try makeAccounts()
        let account = try accounts.add(login: "amina", password: "correct horse battery", doctors: ["amina-haddad"],
                                       isAdmin: false)
        return (accounts, SessionStore(database: accounts.database), account)
    }

    @Test func createFindDelete() async throws {
        let (_, sessions, account) = try setUp()
        let session = try await sessions.create(accountID: account.id, now: now)
        #expect(BookingToken.isWellFormed(session.token) && BookingToken.isWellFormed(session.csrf))
        #expect(session.token != session.csrf)
        let found = try #require(try await sessions.session(token: session.token, now: now))
        #expect(found.0 == account)
        #expect(found.csrf == session.csrf)

        let other = try await sessions.create(accountID: account.id, now: now)
        try await sessions.delete(token: session.token)
        #expect(try await sessions.session(token: session.token, now: now) == nil)
        #expect(try await sessions.session(token: other.token, now: now) != nil)
        try await sessions.delete(token: "garbage")
        #expect(try await sessions.session(token: "garbage", now: now) == nil)
        #expect(try await sessions.session(token: BookingToken.generate(), now: now) == nil)

        // Only the token's hash is stored.
        let stored = try await sessions.database.engine.read { db in try db.values("SELECT tokenHash FROM session", as: String.self) }
        #expect(stored == [BookingToken.hash(other.token)])
    }

    @Test func idleSessionsEnd() async throws {
        let (_, sessions, account) = try setUp()
        let session = try await sessions.create(accountID: account.id, now: now)
        #expect(try await sessions.session(token: session.token, now: now + 8 * hour - 1) != nil)
        // That use moved the idle limit.
        #expect(try await sessions.session(token: session.token, now: now + 16 * hour - 2) != nil)
        #expect(try await sessions.session(token: session.token, now: now + 24 * hour - 2 - 1) != nil)

        let idle = try await sessions.create(accountID: account.id, now: now)
        #expect(try await sessions.session(token: idle.token, now: now + 8 * hour) == nil)
        // Gone for good, even if the clock went back.
        #expect(try await sessions.session(token: idle.token, now: now) == nil)
    }

    @Test func sessionsEndAfterADayWhateverTheUse() async throws {
        let (_, sessions, account) = try setUp()
        let session = try await sessions.create(accountID: account.id, now: now)
        for step in 1...3 {
            #expect(try await sessions.session(token: session.token, now: now + Double(step) * 7 * hour) != nil)
        }
        #expect(try await sessions.session(token: session.token, now: now + 24 * hour - 1) != nil)
        #expect(try await sessions.session(token: session.token, now: now + 24 * hour) == nil)
    }

    @Test func expiredSessionsAreCleanedAtTheNextLogin() async throws {
        let (_, sessions, account) = try setUp()
        _ = try await sessions.create(accountID: account.id, now: now)
        _ = try await sessions.create(accountID: account.id, now: now + 9 * hour)
        let count = try await sessions.database.engine.read { db in try db.value("SELECT COUNT(*) FROM session", as: Int.self) }
        #expect(count == 1)
    }

    @Test func passwordChangeAndRemovalEndSessions() async throws {
        let (accounts, sessions, account) = try setUp()
        let first = try await sessions.create(accountID: account.id, now: now)
        try accounts.setPassword(login: "amina", password: "a brand new secret")
        #expect(try await sessions.session(token: first.token, now: now) == nil)

        let second = try await sessions.create(accountID: account.id, now: now)
        try accounts.remove(login: "amina")
        #expect(try await sessions.session(token: second.token, now: now) == nil)
        await #expect(throws: SQLError.self) { try await sessions.create(accountID: account.id, now: now) }

        let lina = try accounts.add(login: "lina", password: "correct horse battery", doctors: [], isAdmin: true)
        let third = try await sessions.create(accountID: lina.id, now: now)
        try await sessions.deleteAll(accountID: lina.id)
        #expect(try await sessions.session(token: third.token, now: now) == nil)
    }
}

@Suite struct CalendarTokenTests {
    @Test func createRotateAndLookUp() async throws {
        let store = BookingStore(database: try TestDatabases.fresh())
        let now = instant("2025-03-18T06:00:00Z")
        #expect(try await store.calendarTokenCreatedAt(doctor: "amina-haddad") == nil)
        let first = try await store.calendarToken(doctor: "amina-haddad", rotate: false, now: now)
        #expect(BookingToken.isWellFormed(first))
        #expect(try await store.doctorForCalendarToken(first) == "amina-haddad")
        #expect(try await store.calendarTokenCreatedAt(doctor: "amina-haddad") == now)

        // It can't be shown again: only its hash is kept.
        await #expect(throws: CalendarTokenExists(doctor: "amina-haddad", createdAt: now)) {
            try await store.calendarToken(doctor: "amina-haddad", rotate: false, now: now)
        }
        let hashes = try await store.database.engine.read { db in try db.values("SELECT tokenHash FROM calendarToken", as: String.self) }
        #expect(hashes == [BookingToken.hash(first)])

        let other = try await store.calendarToken(doctor: "other", rotate: true, now: now)
        let second = try await store.calendarToken(doctor: "amina-haddad", rotate: true, now: now + 60)
        #expect(second != first)
        #expect(try await store.doctorForCalendarToken(first) == nil)
        #expect(try await store.doctorForCalendarToken(second) == "amina-haddad")
        #expect(try await store.doctorForCalendarToken(other) == "other")
        #expect(try await store.calendarTokenCreatedAt(doctor: "amina-haddad") == now + 60)
        #expect(try await store.doctorForCalendarToken("garbage") == nil)
        #expect(try await store.doctorForCalendarToken(BookingToken.generate()) == nil)
    }
}
