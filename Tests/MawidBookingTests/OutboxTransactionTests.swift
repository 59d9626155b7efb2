import Foundation
import GRDB
import MawidSite
import MawidStorage
import MawidTestSupport
import Testing
@testable import MawidBooking

/// Messages are written with the change that causes them, in the same transaction, and say no more than needed.
/// "Now" is Tuesday 2025-03-18 07:00 in Algiers.
@Suite struct OutboxTransactionTests {
    let now = instant("2025-03-18T06:00:00Z")
    let wednesday = slot("2025-03-19", "09:00")

    /// `amina` (email + SMS) and `secretariat` (email) act for amina-haddad; `karim` for another doctor;
    /// `direction` is an admin; `quiet` wants nothing.
    func addAccounts(_ store: BookingStore) throws {
        let accounts = AccountStore(database: store.database, hasher: PasswordHasher(cost: 4))
        for (login, doctors, admin) in [("amina", ["amina-haddad"], false), ("secretariat", ["other", "amina-haddad"], false),
                                        ("karim", ["other"], false), ("direction", [], true), ("quiet", ["amina-haddad"], false)] {
            try accounts.add(login: login, password: "a long password", doctors: doctors, isAdmin: admin)
            try accounts.setContact(login: login, email: "\(login)@cabinet.example.dz", phone: login == "amina" ? "0661 11 22 33" : nil,
                                    notify: login == "quiet" ? NotifyPreference.none : nil)
        }
    }

    @Test func aWebBookingWritesReceivedToThePatientAndNewRequestToTheDoctorsAccounts() async throws {
        let store = try makeNotifyingStore()
        try addAccounts(store)
        let created = try await store.create(makeRequest(wednesday, language: "fr"), now: now)
        let rows = try await store.allOutbox()
        #expect(rows.map(\.kind) == [.received, .received, .newRequest, .newRequest, .newRequest])
        #expect(rows.map(\.recipient) == ["karim@example.dz", "+213550123456", "amina@cabinet.example.dz", "+213661112233",
                                          "secretariat@cabinet.example.dz"])
        #expect(rows.map(\.channel) == [.email, .sms, .email, .sms, .email])
        #expect(rows.allSatisfy { $0.state == .pending && $0.nextAttemptAt == now && $0.bookingID == created.id })
        #expect(Set(rows.map(\.idempotencyKey)).count == rows.count)

        let email = rows[0]
        #expect(email.subject == "Demande de rendez-vous reçue (\(created.reference))")
        #expect(email.body.contains("Médecin : Dr Amina Haddad"))
        #expect(email.body.contains("Date : mercredi 19 mars 2025 à 09:00"))
        #expect(email.body.contains("Adresse : 1 rue Didouche Mourad, Alger"))
        let link = try #require(email.body.split(separator: " ").first { $0.hasPrefix("https://mawid.example.dz/api/b/") })
        let token = String(link.dropFirst("https://mawid.example.dz/api/b/".count).prefix { !$0.isNewline })
        #expect(try await store.booking(token: token)?.id == created.id)
        #expect(token != created.token, "the creation token is never stored in clear")
        #expect(rows[1].body.hasPrefix("Demande \(created.reference) recue : Dr Amina Haddad, mer. 19/03 à 09:00."))
        // The practice gets a link to the review area, in the site's first language.
        #expect(rows[2].body.contains("https://mawid.example.dz/review/bookings/\(created.id)"))
        for row in rows {
            for secret in ["Douleurs", "thoracique", "cardiologie", "Karim Benali", created.token] {
                #expect(!row.body.contains(secret) && !(row.subject ?? "").contains(secret), "\(row.kind) leaks \(secret)")
            }
        }
    }

    @Test func thePatientsLanguageIsUsedAndAnEmaillessPatientGetsOnlyAnSMS() async throws {
        let store = try makeNotifyingStore()
        _ = try await store.create(makeRequest(wednesday, language: "ar", email: nil), now: now)
        _ = try await store.create(makeRequest(slot("2025-03-19", "10:00"), language: "en"), now: now)
        let rows = try await store.allOutbox()
        #expect(rows.map(\.channel) == [.sms, .email, .sms])
        #expect(rows.map(\.language) == ["ar", "en", "en"])
        #expect(rows[0].body.contains("د. أمينة حداد 19/03 09:00"))
        #expect(rows[1].body.contains("Date: Wednesday 19 March 2025 at 10:00"))
    }

    /// SQLite only (here and below): a temporary trigger makes the failure.
    @Test(.enabled(if: !TestDatabases.usesPostgres)) func aFailingBookingWritesNoMessage() async throws {
        let store = try makeNotifyingStore()
        try addAccounts(store)
        try await store.database.sqlite!.writeWithoutTransaction { db in
            try db.execute(sql: """
                CREATE TEMP TRIGGER boom BEFORE INSERT ON outbox WHEN NEW.kind = 'new_request'
                BEGIN SELECT RAISE(ABORT, 'boom'); END
                """)
        }
        await #expect(throws: DatabaseError.self) { try await store.create(makeRequest(wednesday, language: "fr"), now: now) }
        #expect(try await store.countBookings() == 0)
        #expect(try await store.allOutbox().isEmpty)
    }

    @Test(.enabled(if: !TestDatabases.usesPostgres)) func aFailingActionWritesNoMessage() async throws {
        let store = try makeNotifyingStore()
        let created = try await store.create(makeRequest(wednesday, language: "fr"), now: now)
        let before = try await store.allOutbox()
        try await store.database.sqlite!.writeWithoutTransaction { db in
            try db.execute(sql: """
                CREATE TEMP TRIGGER boom BEFORE INSERT ON outbox WHEN NEW.kind = 'confirmed' AND NEW.channel = 'sms'
                BEGIN SELECT RAISE(ABORT, 'boom'); END
                """)
        }
        await #expect(throws: DatabaseError.self) { try await store.act(.confirm, created.id, at: now) }
        #expect(try await store.booking(token: created.token)?.status == .pending)
        #expect(try await store.allOutbox() == before)
        #expect(try await store.audit(bookingID: created.id).count == 1)
    }

    @Test func eachOfficeActionTellsThePatient() async throws {
        let store = try makeNotifyingStore()
        let a = try await store.create(makeRequest(wednesday, language: "fr"), now: now)
        let b = try await store.create(makeRequest(slot("2025-03-19", "10:00"), language: "en", email: nil), now: now)
        let c = try await store.create(makeRequest(slot("2025-03-19", "11:00"), language: "fr"), now: now)
        try await store.act(.decline(reason: "Le docteur est absent."), a.id, at: now)
        try await store.act(.propose(slot("2025-03-20", "10:30")), b.id, at: now)
        try await store.act(.confirm, c.id, at: now)
        try await store.act(.cancelByPractice(reason: nil), c.id, at: now)
        let rows = try await store.allOutbox().filter { $0.kind != .received }
        #expect(rows.map(\.kind) == [.declined, .declined, .proposed, .confirmed, .confirmed, .reminder, .reminder, .cancelled, .cancelled]
                    .filter { $0 != .reminder })
        let declined = rows[0].body
        #expect(declined.contains("Message du cabinet : Le docteur est absent."))
        #expect(!rows[1].body.contains("absent"), "the office's reason stays out of SMS")
        #expect(rows[2].body.contains("Dr Amina Haddad proposes another time: Thu 20/03 at 10:30 (instead of Wed 19/03 at 10:00)"))
        #expect(rows[3].body.contains("Ajouter à votre agenda : https://mawid.example.dz/api/b/"))
        #expect(rows[3].body.contains("/visit.ics"))
        #expect(!rows[5].body.contains("Message du cabinet"), "no reason given: no line")
    }

    @Test func patientChangesTellTheDoctorsAccounts() async throws {
        let store = try makeNotifyingStore()
        try addAccounts(store)
        let a = try await store.create(makeRequest(wednesday, language: "fr"), now: now)
        let b = try await store.create(makeRequest(slot("2025-03-19", "10:00"), language: "fr"), now: now)
        let before = try await store.allOutbox().count
        try await store.act(.patientCancel, a.id, actor: "patient", at: now)
        try await store.act(.patientReschedule(slot("2025-03-20", "10:30")), b.id, actor: "patient", at: now)
        let rows = try await store.allOutbox().dropFirst(before)
        #expect(rows.map(\.kind) == [.patientCancelled, .patientCancelled, .patientCancelled,
                                     .patientRescheduled, .patientRescheduled, .patientRescheduled])
        #expect(rows.allSatisfy { $0.recipient.contains("cabinet.example.dz") || $0.recipient == "+213661112233" })
        #expect(rows.last?.subject == "Le patient demande un autre horaire : jeudi 20 mars 2025 à 10:30")
        #expect(rows.last?.body.contains("Ancien horaire : mercredi 19 mars 2025 à 10:00 (libéré)") == true)
    }

    @Test func aPhoneBookingIsConfirmedToThePatientWithItsReminders() async throws {
        let store = try makeNotifyingStore(policy: NotificationPolicy(reminders: [48 * 3600, 2 * 3600]))
        try addAccounts(store)
        let created = try await store.createByPractice(makeRequest(slot("2025-03-23", "09:00"), language: "fr"),
                                                      actor: "amina", now: now)
        let rows = try await store.allOutbox()
        #expect(rows.map(\.kind) == [.confirmed, .confirmed, .reminder, .reminder, .reminder, .reminder])
        // Sunday 09:00 in Algiers is 08:00 UTC: 48 h and 2 h before, never after the visit starts.
        #expect(rows[2].nextAttemptAt == instant("2025-03-21T08:00:00Z"))
        #expect(rows[4].nextAttemptAt == instant("2025-03-23T06:00:00Z"))
        #expect(rows[2...].allSatisfy { $0.notAfter == instant("2025-03-23T08:00:00Z") && $0.bookingID == created.id })
    }

    @Test func withoutAContextNothingIsWritten() async throws {
        let store = BookingStore(database: try TestDatabases.fresh())
        let created = try await store.create(makeRequest(wednesday, language: "fr"), now: now)
        try await store.act(.confirm, created.id, at: now)
        #expect(try await store.allOutbox().isEmpty)
        store.setMessageContext(try makeContext())
        try await store.act(.cancelByPractice(reason: nil), created.id, at: now)
        #expect(try await store.allOutbox().map(\.kind) == [.cancelled, .cancelled])
    }
}
