import Foundation
import MawidStorage
import Testing
@testable import MawidBooking

/// Office accounts, their logins and sessions, patients' sessions, and the small stores beside them (plan
/// edits, calendar tokens, contact messages, server keys), as a user sees them, on each engine.
@Suite struct AccountStorageTests {
    let now = Date(timeIntervalSince1970: 1_742_277_600)  // 2025-03-18T06:00:00Z
    let password = "correct horse battery"

    /// bcrypt at its lowest cost: the rules are the same, the tests fast.
    func makeAccounts(_ database: AppDatabase) -> AccountStore {
        AccountStore(database: database, hasher: PasswordHasher(cost: 4))
    }

    @Test(arguments: Engine.available)
    func anAccountLogsInWithItsPasswordOnly(engine: Engine) async throws {
        let database = try engine.fresh()
        defer { try? database.close() }
        let accounts = makeAccounts(database)
        let amina = try accounts.add(login: " Dr.Amina ", password: password, doctors: ["amina-haddad", "karim-benali"],
                                     isAdmin: false, now: now)
        #expect(amina.login == "dr.amina" && amina.doctors == ["amina-haddad", "karim-benali"] && amina.createdAt == now)
        let admin = try accounts.add(login: "admin", password: password, doctors: [], isAdmin: true)
        #expect(try accounts.list() == [admin, amina])
        #expect(try accounts.account(login: "DR.AMINA") == amina)
        #expect(try accounts.account(id: admin.id)?.isAdmin == true)

        #expect(try await accounts.verify(login: "dr.amina", password: password, now: now) == .success(amina))
        #expect(try await accounts.verify(login: "dr.amina", password: "wrong password", now: now) == .invalid)
        #expect(try await accounts.verify(login: "nobody", password: password, now: now) == .invalid)

        try accounts.setContact(login: "dr.amina", email: "amina@example.dz", phone: "0550 12 34 56", notify: .digest)
        let contact = try #require(try accounts.account(login: "dr.amina"))
        #expect(contact.email == "amina@example.dz" && contact.phone == "+213550123456" && contact.notify == .digest)
        try accounts.setContact(login: "dr.amina", email: "", phone: nil)
        #expect(try accounts.account(login: "dr.amina")?.email == nil)
        #expect(try accounts.account(login: "dr.amina")?.phone == "+213550123456")
        #expect(throws: AccountError.unknownLogin("nobody")) { try accounts.setContact(login: "nobody", email: "", phone: nil) }

        try accounts.setPassword(login: "dr.amina", password: "another long secret")
        #expect(try await accounts.verify(login: "dr.amina", password: password, now: now) == .invalid)
        #expect(try await accounts.verify(login: "dr.amina", password: "another long secret", now: now) != .invalid)
        try accounts.remove(login: "dr.amina")
        #expect(try accounts.account(login: "dr.amina") == nil)
        #expect(throws: AccountError.unknownLogin("dr.amina")) { try accounts.remove(login: "dr.amina") }
    }

    @Test(arguments: Engine.available)
    func aTakenLoginIsRefused(engine: Engine) async throws {
        let database = try engine.fresh()
        defer { try? database.close() }
        let accounts = makeAccounts(database)
        let amina = try accounts.add(login: "amina", password: password, doctors: [], isAdmin: false)
        #expect(throws: AccountError.loginTaken("amina")) {
            try accounts.add(login: " AMINA ", password: "some other password", doctors: [], isAdmin: true)
        }
        #expect(try accounts.list() == [amina])
        // The refused insert left the database usable.
        #expect(try accounts.add(login: "lina", password: password, doctors: [], isAdmin: false).login == "lina")
    }

    @Test(arguments: Engine.available)
    func fiveFailuresLockTheLoginForFifteenMinutes(engine: Engine) async throws {
        let database = try engine.fresh()
        defer { try? database.close() }
        let accounts = makeAccounts(database)
        let amina = try accounts.add(login: "amina", password: password, doctors: [], isAdmin: false)
        for minute in 0..<4 {
            #expect(try await accounts.verify(login: "amina", password: "guess", now: now + Double(minute) * 60) == .invalid)
        }
        let until = now + 10 * 60 + 15 * 60
        #expect(try await accounts.verify(login: "amina", password: "guess", now: now + 10 * 60) == .locked(until: until))
        #expect(try await accounts.verify(login: "amina", password: password, now: until - 1) == .locked(until: until))
        #expect(try await accounts.verify(login: "amina", password: password, now: until) == .success(amina))
        // A success cleared the failures: four more do not lock.
        for second in 0..<4 {
            #expect(try await accounts.verify(login: "amina", password: "guess", now: until + Double(second)) == .invalid)
        }
        #expect(try await accounts.verify(login: "amina", password: password, now: until + 10) == .success(amina))
    }

    /// Guesses arriving together all get an answer, and the login ends up locked.
    @Test(arguments: Engine.available)
    func concurrentGuessesLockTheLogin(engine: Engine) async throws {
        let database = try engine.fresh()
        defer { try? database.close() }
        let accounts = makeAccounts(database)
        try accounts.add(login: "amina", password: password, doctors: [], isAdmin: false)
        let now = self.now
        let results = try await withThrowingTaskGroup(of: LoginResult.self) { group in
            for n in 0..<10 { group.addTask { try await accounts.verify(login: "amina", password: "guess \(n)", now: now) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.count == 10)
        #expect(results.contains(.locked(until: now + 900)))
        #expect(try await accounts.verify(login: "amina", password: password, now: now + 60) == .locked(until: now + 900))
    }

    @Test(arguments: Engine.available)
    func aSessionIsFoundByItsTokenUntilLogoutOrExpiry(engine: Engine) async throws {
        let database = try engine.fresh()
        defer { try? database.close() }
        let accounts = makeAccounts(database)
        let sessions = SessionStore(database: database)
        let amina = try accounts.add(login: "amina", password: password, doctors: ["amina-haddad"], isAdmin: false)

        let session = try await sessions.create(accountID: amina.id, now: now)
        let found = try #require(try await sessions.session(token: session.token, now: now + 60))
        #expect(found.0 == amina && found.csrf == session.csrf)
        #expect(try await sessions.session(token: BookingToken.generate(), now: now) == nil)
        // That use moved the idle limit by a minute.
        #expect(try await sessions.session(token: session.token, now: now + 8 * 3600 + 30) != nil)
        try await sessions.delete(token: session.token)
        #expect(try await sessions.session(token: session.token, now: now + 8 * 3600 + 30) == nil)

        let idle = try await sessions.create(accountID: amina.id, now: now)
        #expect(try await sessions.session(token: idle.token, now: now + 8 * 3600) == nil)
        #expect(try await sessions.session(token: idle.token, now: now) == nil)

        let other = try await sessions.create(accountID: amina.id, now: now)
        try await sessions.deleteAll(accountID: amina.id)
        #expect(try await sessions.session(token: other.token, now: now) == nil)

        let last = try await sessions.create(accountID: amina.id, now: now)
        try accounts.remove(login: "amina")
        #expect(try await sessions.session(token: last.token, now: now) == nil)
        await #expect(throws: SQLError.foreignKeyViolation) { try await sessions.create(accountID: amina.id, now: now) }
    }

    @Test(arguments: Engine.available)
    func aPatientSessionIsFoundThenEnds(engine: Engine) async throws {
        let database = try engine.fresh()
        defer { try? database.close() }
        let sessions = PatientSessions(database: database)
        let token = try await sessions.create(phone: "+213550123456", now: now)
        #expect(try await sessions.phone(token: token, now: now + 60) == "+213550123456")
        #expect(try await sessions.phone(token: BookingToken.generate(), now: now) == nil)
        // Used a minute in, so idle only half an hour after that.
        #expect(try await sessions.phone(token: token, now: now + 60 + 30 * 60 - 1) == "+213550123456")
        #expect(try await sessions.phone(token: token, now: now + 4 * 3600) == nil)
        #expect(try await sessions.phone(token: token, now: now) == nil)

        let other = try await sessions.create(phone: "+213550654321", now: now)
        try await sessions.delete(token: other)
        #expect(try await sessions.phone(token: other, now: now) == nil)
    }

    @Test(arguments: Engine.available)
    func planEditsAreLoggedAndListedNewestFirst(engine: Engine) async throws {
        let database = try engine.fresh()
        defer { try? database.close() }
        let log = BookingStore(database: database)
        let edits = [15, 20, 30].enumerated().map { n, slot -> PlanEdit in
            PlanEdit(doctor: "amina-haddad", actor: "amina", at: now.addingTimeInterval(Double(n) * 60), field: "slot",
                     before: "\(slot)", after: "\(slot + 5)")
        }
        try await log.record(edits)
        try await log.record([PlanEdit(doctor: "karim-benali", actor: "admin", at: now, field: "holidays",
                                       before: "", after: "2025-04-01..2025-04-07")])
        try await log.record([])
        #expect(try await log.planEdits(doctor: "amina-haddad", limit: 20) == Array(edits.reversed()))
        #expect(try await log.planEdits(doctor: "amina-haddad", limit: 2) == Array(edits.reversed().prefix(2)))
        #expect(try await log.planEdits(doctor: "karim-benali", limit: 20).map(\.after) == ["2025-04-01..2025-04-07"])
        #expect(try await log.planEdits(doctor: "nobody", limit: 20).isEmpty)
    }

    @Test(arguments: Engine.available)
    func aCalendarTokenIsMadeFoundAndRotated(engine: Engine) async throws {
        let database = try engine.fresh()
        defer { try? database.close() }
        let tokens = BookingStore(database: database)
        #expect(try await tokens.calendarTokenCreatedAt(doctor: "amina-haddad") == nil)
        let first = try await tokens.calendarToken(doctor: "amina-haddad", rotate: false, now: now)
        #expect(try await tokens.doctorForCalendarToken(first) == "amina-haddad")
        #expect(try await tokens.calendarTokenCreatedAt(doctor: "amina-haddad") == now)
        await #expect(throws: CalendarTokenExists(doctor: "amina-haddad", createdAt: now)) {
            try await tokens.calendarToken(doctor: "amina-haddad", rotate: false, now: now + 60)
        }
        let second = try await tokens.calendarToken(doctor: "amina-haddad", rotate: true, now: now + 60)
        #expect(try await tokens.doctorForCalendarToken(first) == nil)
        #expect(try await tokens.doctorForCalendarToken(second) == "amina-haddad")
        #expect(try await tokens.calendarTokenCreatedAt(doctor: "amina-haddad") == now + 60)
        #expect(try await tokens.doctorForCalendarToken("garbage") == nil)
    }

    @Test(arguments: Engine.available)
    func contactMessagesAreListedAndMarkedHandled(engine: Engine) async throws {
        let database = try engine.fresh()
        defer { try? database.close() }
        let inbox = BookingStore(database: database)
        var ids: [Int64] = []
        for name in ["Amina", "Karim"] {
            ids.append(try await inbox.saveContact(ContactMessage(name: name, email: name == "Amina" ? "amina@example.dz" : nil,
                                                                  message: "Bonjour", language: "fr"), now: now))
        }
        let unhandled = try await inbox.contactMessages(includeHandled: false, limit: 500)
        #expect(unhandled.map(\.id) == Array(ids.reversed()))
        #expect(unhandled.last?.message == ContactMessage(name: "Amina", email: "amina@example.dz", message: "Bonjour", language: "fr"))
        #expect(unhandled.last?.createdAt == now && unhandled.last?.handled == false)

        #expect(try await inbox.markContactHandled(id: ids[0]))
        #expect(try await inbox.markContactHandled(id: ids[1] + 100) == false)
        #expect(try await inbox.contactMessages(includeHandled: false, limit: 500).map(\.id) == [ids[1]])
        #expect(try await inbox.contactMessages(includeHandled: true, limit: 500).map(\.handled) == [false, true])
        #expect(try await inbox.contactMessages(includeHandled: true, limit: 1).map(\.id) == [ids[1]])
    }

    /// The migration makes the server's secret once (on PostgreSQL too): two servers on one database derive the
    /// same key for a purpose, and another for another purpose.
    @Test(arguments: Engine.available)
    func serverKeysAreTheSameForEveryServer(engine: Engine) async throws {
        let database = try engine.fresh()
        defer { try? database.close() }
        let one = BookingStore(database: database), two = BookingStore(database: database)
        let key = try await one.derivedKey(for: "documents").withUnsafeBytes { Data($0) }
        #expect(try await two.derivedKey(for: "documents").withUnsafeBytes { Data($0) } == key)
        let other = try await two.derivedKey(for: "other").withUnsafeBytes { Data($0) }
        #expect(other != key && other.count == 32)
        let secrets = try await database.engine.read { db in
            try db.value("SELECT count(*) FROM setting WHERE key = ?", [Schema.messageSecretKey], as: Int.self)
        }
        #expect(secrets == 1)
    }
}
