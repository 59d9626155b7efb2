import Foundation
import MawidConversation
import MawidPostgres
import MawidSite
import MawidStorage
import Testing
@testable import MawidBooking

/// `mawid db copy` (`DatabaseCopy`): a practice filled on SQLite through the stores' own APIs, copied into an
/// empty PostgreSQL database, works there as it did: what patients and the office notice, and every table's sum.
@Suite struct DatabaseCopyTests {
    static let now = Timestamp.date("2025-03-18T06:00:00Z")!
    /// After the visits, to mark them done.
    static let later = Timestamp.date("2025-03-20T12:00:00Z")!
    static let algiers = TimeZone(identifier: "Africa/Algiers")!
    static let password = "correct horse battery"
    static let hasher = PasswordHasher(cost: 4)

    /// What was made on SQLite, to look for after the copy.
    struct Practice {
        let store: BookingStore
        /// Confirmed, with a message, a document and an outbox full of messages.
        let kept: CreatedBooking
        let link: String
        let documentID: Int64
        /// The last booking made, deleted: its id must never be given again.
        let deletedID: Int64
        let deletedLink: String
        let session: String
    }

    static func request(_ time: String, name: String = "Karim Benali", phone: String = "+213550123456") -> BookingRequest {
        BookingRequest(doctor: "amina-haddad", slot: Slot(date: "2025-03-19", time: time)!, patientName: name, phone: phone,
                       email: "karim@example.dz", language: "fr")
    }

    static func apply(_ store: BookingStore, _ action: BookingAction, _ id: Int64, actor: String = "amina", at: Date = now) async throws {
        _ = try await store.apply(action, bookingID: id, actor: actor, calendar: SlotCalendar(timeZone: algiers, now: at),
                                  rules: TransitionRules(), doctors: [:])
    }

    /// A practice as a few days of use leave it: bookings in every state, the audit trail, messages in the outbox,
    /// a waitlist, a thread, a document, a rating, accounts, sessions, the search index and the figures' summary.
    static func fill(_ database: AppDatabase) async throws -> Practice {
        let store = BookingStore(database: database, messages: try TwoServerTests.context())
        let kept = try await store.create(request("09:00"), now: now)
        try await apply(store, .confirm, kept.id)
        let done = try await store.create(request("09:30", name: "Nadia Saidi", phone: "+213661000001"), now: now)
        try await apply(store, .confirm, done.id)
        try await apply(store, .markDone, done.id, at: later)
        let rated = try #require(try await store.booking(token: done.token))
        try await Ratings(store: store).rate(rated, stars: 5, comment: "Très bien", now: later)
        let cancelled = try await store.create(request("10:00", name: "Yacine Amrani", phone: "+213661000002"), now: now)
        let waiting = try await store.create(request("11:30", name: "Lina Kaci", phone: "+213661000003"), now: now)
        try await store.joinWaitlist(bookingID: waiting.id, calendar: SlotCalendar(timeZone: algiers, now: now), rules: TransitionRules())
        _ = try await store.createByPractice(request("12:00", name: "Omar Belkacem", phone: "+213661000004"), actor: "amina", now: now)
        let deleted = try await store.create(request("13:00", name: "Sara Hamdi", phone: "+213661000005"), now: now)
        let deletedLink = try await store.messageToken(bookingID: deleted.id)
        _ = try await database.engine.write { db in try db.execute("DELETE FROM booking WHERE id = ?", [deleted.id]) }
        #expect(try await store.indexForSearch() > 0)
        #expect(try await store.countFigures() > 0)
        // After the count: the audit row of this cancellation changed the summary through the trigger.
        try await apply(store, .patientCancel, cancelled.id, actor: AuditEvent.patientActor)

        try await Conversation(store: store).post(bookingID: kept.id, fromPatient: true, author: "patient", text: "Bonjour docteur",
                                                  now: now)
        let document = try await Documents(store: store).add(bookingID: kept.id, fromPatient: true, author: "patient",
                                                             fileName: "lettre.pdf", bytes: Array("%PDF-1.4 lettre".utf8), now: now)
        let accounts = AccountStore(database: database, hasher: hasher)
        let account = try accounts.add(login: "amina", password: password, doctors: ["amina-haddad"], isAdmin: false, now: now)
        #expect(try await accounts.verify(login: "amina", password: "wrong", now: now) == .invalid)
        let session = try await SessionStore(database: database).create(accountID: account.id, now: now)
        _ = try await store.saveContact(ContactMessage(name: "Samir", message: "Horaires du samedi ?", language: "fr"), now: now)
        _ = try await store.calendarToken(doctor: "amina-haddad", rotate: false, now: now)
        _ = try await PatientSessions(database: database).create(phone: "+213550123456", now: now)
        _ = try await SignInCodes(store: store).request(phone: "+213550123456", language: "fr", now: now)
        return Practice(store: store, kept: kept, link: try await store.messageToken(bookingID: kept.id), documentID: document.id,
                        deletedID: deleted.id, deletedLink: deletedLink, session: session.token)
    }

    static func sqlite() throws -> AppDatabase { try Engine.sqlite.fresh() }

    static func figures(_ store: BookingStore) async throws -> PracticeFigures {
        try await store.figures(doctors: nil, from: LocalDate("2025-03-01")!, through: LocalDate("2025-04-30")!)
    }

    @Test(.enabled(if: Engine.testCluster != nil))
    func aPracticeCopiedToPostgreSQLWorksThere() async throws {
        let practice = try await Self.fill(try Self.sqlite())
        let source = practice.store.database
        let target = try Engine.postgres.fresh()
        let report = try await DatabaseCopy(from: source, to: target, targetName: "the test database").run()
        #expect(report.matches)
        #expect(report.tables.first { $0.source.table == "booking" }?.target.rows == 5)
        // Every table the practice used came with rows (the others are empty on both sides).
        let empty = Set(report.tables.filter { $0.target.rows == 0 }.map(\.source.table))
        #expect(empty.isSubset(of: ["legacyBookingKey", "threadState", "digestItem", "loginLock", "planEdit", "offer"]), "\(empty)")
        #expect(try await DatabaseCopy.summaries(of: target) == DatabaseCopy.summaries(of: source))

        let store = BookingStore(database: target, messages: try TwoServerTests.context())
        // The patient's links and the reference made on SQLite.
        let byToken = try #require(try await store.booking(token: practice.kept.token))
        #expect(byToken.id == practice.kept.id && byToken.status == .confirmed)
        #expect(try await store.booking(reference: practice.kept.reference)?.id == practice.kept.id)
        #expect(try await store.booking(token: practice.link)?.id == practice.kept.id)
        #expect(try await store.messageToken(bookingID: practice.kept.id) == practice.link)
        #expect(try await store.booking(token: practice.deletedLink) == nil)
        // The office: its login, its session, search through the index, the figures.
        let accounts = AccountStore(database: target, hasher: Self.hasher)
        guard case .success(let account) = try await accounts.verify(login: "amina", password: Self.password, now: Self.now) else {
            Issue.record("the account does not log in on PostgreSQL")
            return
        }
        #expect(account.doctors == ["amina-haddad"])
        #expect(try await SessionStore(database: target).session(token: practice.session, now: Self.now)?.0.login == "amina")
        #expect(try await store.search(BookingQuery("Benali"), doctors: nil).map(\.id) == [practice.kept.id])
        #expect(try await Self.figures(store) == Self.figures(practice.store))
        // The thread and the document (sealed with a key from the copied secret).
        #expect(try await Conversation(store: store).messages(bookingID: practice.kept.id).map(\.body) == ["Bonjour docteur"])
        let document = try await Documents(store: store).content(id: practice.documentID, bookingID: practice.kept.id)
        #expect(document.map { String(decoding: $0.1, as: UTF8.self) } == "%PDF-1.4 lettre")

        // A new booking gets an id past every id SQLite gave, the deleted booking's included.
        let new = try await store.create(Self.request("14:00", name: "Amel Ziani", phone: "+213661000006"), now: Self.now)
        #expect(new.id > practice.deletedID)
        #expect(try await store.booking(token: new.token)?.request.patientName == "Amel Ziani")
        #expect(try await store.booking(token: practice.deletedLink) == nil)
        #expect(try await Self.figures(store).requests == Self.figures(practice.store).requests + 1)

        // A second copy into the database, now in use, is refused and changes nothing.
        let before = try await DatabaseCopy.summaries(of: target)
        await #expect {
            try await DatabaseCopy(from: source, to: target, targetName: "the test database").run()
        } throws: { error in
            "\(error)".contains("the test database already holds data (booking: 6 rows")
        }
        #expect(try await DatabaseCopy.summaries(of: target) == before)
    }

    /// A target holding only an account is refused, naming what it holds.
    @Test(.enabled(if: Engine.testCluster != nil))
    func aTargetWithAnAccountIsRefused() async throws {
        let source = try Self.sqlite()
        _ = try await BookingStore(database: source).create(Self.request("09:00"), now: Self.now)
        let target = try Engine.postgres.fresh()
        _ = try AccountStore(database: target, hasher: Self.hasher).add(login: "admin", password: Self.password, doctors: [], isAdmin: true)
        let before = try await DatabaseCopy.summaries(of: target)
        await #expect {
            try await DatabaseCopy(from: source, to: target, targetName: "pg").run()
        } throws: { error in
            (error as? DatabaseCopy.Problem)?.description.hasPrefix("pg already holds data (account: 1 row)") == true
        }
        #expect(try await DatabaseCopy.summaries(of: target) == before)
        #expect(try await BookingStore(database: target).countBookings() == 0)
    }

    /// A copy that fails halfway (PostgreSQL refuses a value SQLite kept: text in an integer column of `rating`,
    /// copied after the bookings) leaves the target as it was: one transaction.
    @Test(.enabled(if: Engine.testCluster != nil))
    func aCopyThatFailsHalfwayLeavesNothing() async throws {
        let source = try Self.sqlite()
        let created = try await BookingStore(database: source).create(Self.request("09:00"), now: Self.now)
        _ = try await source.engine.write { db in
            try db.execute("""
                INSERT INTO rating (bookingId, doctor, stars, createdAt, state) VALUES (?, 'amina-haddad', 'five', ?, 'pending')
                """, [created.id, Timestamp.string(Self.now)])
        }
        let target = try Engine.postgres.fresh()
        let before = try await DatabaseCopy.summaries(of: target)
        await #expect {
            try await DatabaseCopy(from: source, to: target, targetName: "pg").run()
        } throws: { error in
            "\(error)".contains("stars")  // PostgreSQL's word on the column
        }
        #expect(try await DatabaseCopy.summaries(of: target) == before)
        #expect(try await BookingStore(database: target).countBookings() == 0)
    }

    /// A table the copy does not know would be left behind: refused.
    @Test func aTableTheCopyDoesNotKnowIsRefused() async throws {
        let source = try Self.sqlite()
        _ = try await source.engine.write { db in try db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)") }
        await #expect {
            try await DatabaseCopy(from: source, to: try Self.sqlite(), targetName: "copy.sqlite").run()
        } throws: { error in
            "\(error)".hasPrefix("the source has tables this mawid does not know (notes)")
        }
    }

    /// Back from PostgreSQL into a new SQLite file, and SQLite to SQLite: the same tables, the same sums, and
    /// SQLite's AUTOINCREMENT past the copied ids.
    @Test(arguments: Engine.available)
    func aCopyIntoSQLiteIsTheSame(from engine: Engine) async throws {
        let practice = try await Self.fill(try Self.sqlite())
        var source = practice.store.database
        if engine == .postgres {
            source = try Engine.postgres.fresh()
            #expect(try await DatabaseCopy(from: practice.store.database, to: source, targetName: "pg").run().matches)
        }
        let target = try Self.sqlite()
        #expect(try await DatabaseCopy(from: source, to: target, targetName: "sqlite").run().matches)
        #expect(try await DatabaseCopy.summaries(of: target) == DatabaseCopy.summaries(of: practice.store.database))
        let store = BookingStore(database: target)
        #expect(try await store.booking(token: practice.link)?.id == practice.kept.id)
        #expect(try await store.search(BookingQuery("Benali"), doctors: nil).map(\.id) == [practice.kept.id])
        let new = try await store.create(Self.request("14:00", name: "Amel Ziani", phone: "+213661000006"), now: Self.now)
        #expect(new.id == practice.deletedID + 1)
    }

    /// The checksum tells kinds apart (the integer 1 from the text "1", NULL from "", a blob from its text) and
    /// row boundaries, and does not depend on anything but the values.
    @Test func theChecksumSeesKindsAndBoundaries() {
        func sum(_ rows: [[SQLValue]]) -> String {
            var checksum = TableChecksum()
            checksum.add(rows)
            return checksum.summary(of: "t").checksum
        }
        let rows: [[SQLValue]] = [[.integer(1), .text("a"), .null], [.integer(2), .blob(Data("b".utf8)), .real(0.5)]]
        #expect(sum(rows) == sum(rows))
        #expect(sum([[.integer(1)]]) != sum([[.text("1")]]))
        #expect(sum([[.null]]) != sum([[.text("")]]))
        #expect(sum([[.text("b")]]) != sum([[.blob(Data("b".utf8))]]))
        #expect(sum([[.text("ab"), .text("c")]]) != sum([[.text("a"), .text("bc")]]))
        #expect(sum([[.text("a")], [.text("b")]]) != sum([[.text("b")], [.text("a")]]))
    }

    /// Every table of both engines' schema is in the copy's list, so none is left behind.
    @Test(arguments: Engine.available)
    func theCopyKnowsEveryTable(engine: Engine) async throws {
        let database = try engine.fresh()
        let tables = try await database.engine.read { db in try CopiedTable.tables(db) }
        #expect(tables == Set(CopiedTable.all.map { $0.name.lowercased() }))
    }
}
