import Foundation
import GRDB
import MawidStorage
import MawidTestSupport
import Testing
@testable import MawidBooking

/// bcrypt at its lowest cost: the rules are the same, the tests fast.
let testHasher = PasswordHasher(cost: 4)

func makeAccounts() throws -> AccountStore {
    AccountStore(database: try TestDatabases.fresh(), hasher: testHasher)
}

@Suite struct AccountTests {
    let now = instant("2025-03-18T06:00:00Z")
    let password = "correct horse battery"

    @Test func addListChangeRemove() async throws {
        let accounts = try makeAccounts()
        let amina = try accounts.add(login: " Dr.Amina ", password: password, doctors: ["amina-haddad"], isAdmin: false, now: now)
        #expect(amina.login == "dr.amina")
        #expect(amina.doctors == ["amina-haddad"])
        #expect(amina.visibleDoctors == ["amina-haddad"])
        #expect(amina.createdAt == now)
        let secretary = try accounts.add(login: "secretariat_1", password: password,
                                         doctors: ["amina-haddad", " karim-benali", "amina-haddad"], isAdmin: false)
        #expect(secretary.doctors == ["amina-haddad", "karim-benali"])
        let admin = try accounts.add(login: "admin", password: password, doctors: [], isAdmin: true)
        #expect(admin.visibleDoctors == nil)
        #expect(admin.canSee(doctor: "anyone") && !amina.canSee(doctor: "karim-benali"))

        #expect(try accounts.list().map(\.login) == ["admin", "dr.amina", "secretariat_1"])
        #expect(try accounts.account(login: "DR.AMINA") == amina)
        #expect(try accounts.account(id: secretary.id) == secretary)
        #expect(try accounts.account(login: "nobody") == nil)

        #expect(throws: AccountError.loginTaken("dr.amina")) {
            try accounts.add(login: "dr.amina", password: password, doctors: [], isAdmin: false)
        }

        let newPassword = "another long secret"
        try accounts.setPassword(login: "dr.amina", password: newPassword)
        #expect(try await accounts.verify(login: "dr.amina", password: password, now: now) == .invalid)
        #expect(try await accounts.verify(login: "dr.amina", password: newPassword, now: now) == .success(amina))
        #expect(throws: AccountError.unknownLogin("nobody")) { try accounts.setPassword(login: "nobody", password: newPassword) }
        #expect(throws: AccountError.passwordTooShort) { try accounts.setPassword(login: "dr.amina", password: "short") }

        try accounts.remove(login: "dr.amina")
        #expect(try accounts.account(login: "dr.amina") == nil)
        #expect(try accounts.list().count == 2)
        #expect(throws: AccountError.unknownLogin("dr.amina")) { try accounts.remove(login: "dr.amina") }
    }

    @Test(arguments: ["ab", String(repeating: "a", count: 41), "amina benali", "amina@clinic", "émilie", "", "a/b"])
    func badLogins(login: String) throws {
        let accounts = try makeAccounts()
        #expect(throws: AccountError.invalidLogin) {
            try accounts.add(login: login, password: password, doctors: [], isAdmin: false)
        }
    }

    @Test func loginEdges() throws {
        let accounts = try makeAccounts()
        for login in ["abc", String(repeating: "z", count: 40), "a.b_c-d", "007"] {
            #expect(throws: Never.self) { try accounts.add(login: login, password: password, doctors: [], isAdmin: false) }
        }
    }

    @Test func passwordRules() throws {
        let accounts = try makeAccounts()
        func add(_ password: String) throws { try accounts.add(login: "user\(password.utf8.count)", password: password, doctors: [], isAdmin: false) }
        #expect(throws: AccountError.passwordTooShort) { try add("123456789") }
        #expect(throws: AccountError.passwordTooShort) { try add("") }
        #expect(throws: Never.self) { try add("1234567890") }
        #expect(throws: Never.self) { try add("كلمة سر طويلة") }  // 13 letters, 25 bytes
        #expect(throws: AccountError.passwordTooLong) { try add(String(repeating: "a", count: 73)) }
        #expect(throws: AccountError.passwordTooLong) { try add(String(repeating: "é", count: 37)) }  // 74 bytes
        #expect(throws: Never.self) { try add(String(repeating: "a", count: 72)) }
        #expect(throws: AccountError.invalidPasswordCharacters) { try add("1234567890\u{0}abc") }
        #expect(throws: AccountError.invalidDoctor("Amina Haddad")) {
            try accounts.add(login: "someone", password: password, doctors: ["Amina Haddad"], isAdmin: false)
        }
        #expect(throws: AccountError.invalidDoctor("a,b")) {
            try accounts.add(login: "someone", password: password, doctors: ["a,b"], isAdmin: false)
        }
        #expect(AccountError.passwordTooShort.description.contains("10"))
    }

    @Test func passwordsAreStoredAsBcrypt() async throws {
        let accounts = try makeAccounts()
        try accounts.add(login: "amina", password: password, doctors: [], isAdmin: false)
        let hash = try await accounts.database.engine.read { db in
            try db.value("SELECT passwordHash FROM account", as: String.self)!
        }
        #expect(hash.hasPrefix("$2b$04$") && hash.count == 60)
        #expect(!hash.contains(password))
    }

    @Test func verify() async throws {
        let accounts = try makeAccounts()
        let amina = try accounts.add(login: "amina", password: password, doctors: ["amina-haddad"], isAdmin: false)
        #expect(try await accounts.verify(login: "amina", password: password, now: now) == .success(amina))
        #expect(try await accounts.verify(login: " AMINA ", password: password, now: now) == .success(amina))
        #expect(try await accounts.verify(login: "amina", password: "wrong password", now: now) == .invalid)
        #expect(try await accounts.verify(login: "nobody", password: password, now: now) == .invalid)
        #expect(try await accounts.verify(login: "amina", password: password + "\u{0}x", now: now) == .invalid)
        #expect(try await accounts.verify(login: "amina", password: "", now: now) == .invalid)
    }

    @Test func fiveFailuresLockTheLoginForFifteenMinutes() async throws {
        let accounts = try makeAccounts()
        let amina = try accounts.add(login: "amina", password: password, doctors: [], isAdmin: false)
        for minute in 0..<4 {
            #expect(try await accounts.verify(login: "amina", password: "guess \(minute)", now: now + Double(minute) * 60) == .invalid)
        }
        let fifth = now + 10 * 60
        let until = fifth + 15 * 60
        #expect(try await accounts.verify(login: "amina", password: "guess 5", now: fifth) == .locked(until: until))
        // Even the right password is refused, and attempts meanwhile don't extend the lock.
        #expect(try await accounts.verify(login: "amina", password: password, now: fifth + 60) == .locked(until: until))
        #expect(try await accounts.verify(login: "AMINA", password: "guess 6", now: until - 1) == .locked(until: until))
        // Other logins are not affected.
        let lina = try accounts.add(login: "lina", password: password, doctors: [], isAdmin: false)
        #expect(try await accounts.verify(login: "lina", password: password, now: fifth + 60) == .success(lina))
        // Once the lock is over, the right password works and the count starts again.
        #expect(try await accounts.verify(login: "amina", password: password, now: until) == .success(amina))
        for minute in 0..<4 {
            #expect(try await accounts.verify(login: "amina", password: "again", now: until + Double(minute)) == .invalid)
        }
        #expect(try await accounts.verify(login: "amina", password: password, now: until + 10) == .success(amina))
        // A success cleared the failures: four more do not lock.
        for minute in 0..<4 {
            #expect(try await accounts.verify(login: "amina", password: "again", now: until + 20 + Double(minute)) == .invalid)
        }
    }

    @Test func failuresOlderThanFifteenMinutesDoNotCount() async throws {
        let accounts = try makeAccounts()
        try accounts.add(login: "amina", password: password, doctors: [], isAdmin: false)
        // One failure every 4 minutes: never five within 15 minutes.
        for n in 0..<10 {
            #expect(try await accounts.verify(login: "amina", password: "guess", now: now + Double(n) * 240) == .invalid)
        }
        // Five within the window lock.
        let start = now + 3600
        for n in 0..<4 { _ = try await accounts.verify(login: "amina", password: "guess", now: start + Double(n) * 200) }
        #expect(try await accounts.verify(login: "amina", password: "guess", now: start + 899)
                == .locked(until: start + 899 + 900))
    }

    @Test func unknownLoginsAreCountedToo() async throws {
        let accounts = try makeAccounts()
        for n in 0..<4 { #expect(try await accounts.verify(login: "ghost", password: "guess \(n)", now: now) == .invalid) }
        #expect(try await accounts.verify(login: "ghost", password: "guess", now: now) == .locked(until: now + 900))
        // Creating the account meanwhile doesn't lift the lock.
        try accounts.add(login: "ghost", password: password, doctors: [], isAdmin: false)
        #expect(try await accounts.verify(login: "ghost", password: password, now: now + 60) == .locked(until: now + 900))
    }

    @Test func hashesOfAnotherCostAreUpgradedAtLogin() async throws {
        let database = try TestDatabases.fresh()
        let old = AccountStore(database: database, hasher: PasswordHasher(cost: 4))
        let amina = try old.add(login: "amina", password: password, doctors: [], isAdmin: false)
        let current = AccountStore(database: database, hasher: PasswordHasher(cost: 5))
        #expect(try await current.verify(login: "amina", password: password, now: now) == .success(amina))
        let hash = try await database.engine.read { db in try db.value("SELECT passwordHash FROM account", as: String.self)! }
        #expect(hash.hasPrefix("$2b$05$"))
        #expect(try await old.verify(login: "amina", password: password, now: now) == .success(amina))
    }

    /// An unknown login is checked against a dummy hash of the same cost, so it takes as long as a known
    /// one (the mechanism is checked here; timings are too noisy on a busy machine).
    @Test func unknownLoginsAreHashedToo() async throws {
        let accounts = try makeAccounts()
        try accounts.add(login: "amina", password: password, doctors: [], isAdmin: false)
        _ = try await accounts.verify(login: "amina", password: "guess", now: now)
        #expect(accounts.dummy.made == nil)
        _ = try await accounts.verify(login: "ghost", password: "guess", now: now)
        let dummy = try #require(accounts.dummy.made)
        #expect(dummy.hasPrefix("$2b$04$"))
    }

    @Test func productionCostIsTwelve() {
        #expect(PasswordHasher.production.cost == 12)
        #expect(PasswordHasher().cost == 12)
    }
}
