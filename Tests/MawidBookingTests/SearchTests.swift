import Foundation
import GRDB
import MawidSite
import MawidStorage
import MawidTestSupport
import Testing
@testable import MawidBooking

/// The office's search box: a reference however it is typed, a part of a name whatever its accents, case
/// or Arabic spelling, a phone number in any common format; only the account's doctors; newest first.
@Suite struct SearchTests {
    let now = instant("2025-03-18T06:00:00Z")

    func create(_ store: BookingStore, doctor: String = "amina-haddad", _ date: String, _ time: String = "09:00",
                name: String = "Karim Benali", phone: String = "+213550123456", relative: String? = nil) async throws
        -> CreatedBooking {
        var request = makeRequest(doctor: doctor, slot(date, time), name: name)
        request.phone = phone
        if let relative {
            request.forWhom = .relative
            request.relativeName = relative
        }
        return try await store.create(request, now: now)
    }

    func names(_ store: BookingStore, _ text: String, doctors: [String]? = nil) async throws -> [String] {
        try await store.search(BookingQuery(text), doctors: doctors).map(\.request.patientName)
    }

    @Test func aReferenceIsFoundHoweverItIsTyped() async throws {
        let store = BookingStore(database: try TestDatabases.fresh())
        let made = try await create(store, "2025-03-20")
        _ = try await create(store, "2025-03-21", name: "Other Patient")
        let reference = made.reference
        for typed in [reference, reference.lowercased(), reference.replacingOccurrences(of: "-", with: ""),
                      " " + reference.lowercased().replacingOccurrences(of: "-", with: " ") + " "] {
            #expect(try await store.search(BookingQuery(typed), doctors: nil).map(\.id) == [made.id], "\(typed)")
        }
        // Not the account's doctor: not found.
        #expect(try await store.search(BookingQuery(reference), doctors: ["other"]).isEmpty)
    }

    /// `indexed`: after `SearchIndexer` has added them to the trigram index; before, read directly.
    @Test(arguments: [false, true]) func aPartOfANameIsFoundWhateverItsAccentsCaseOrArabicSpelling(indexed: Bool) async throws {
        let store = BookingStore(database: try TestDatabases.fresh())
        _ = try await create(store, "2025-03-20", name: "Amélie Benali")
        _ = try await create(store, "2025-03-21", name: "فاطمة الزهراء بن علي", phone: "+213661234567")
        _ = try await create(store, "2025-03-22", name: "Yacine Kaci", phone: "+213770000001", relative: "Lina Kaci")
        _ = try await create(store, "2025-03-23", name: "Omar Ziani", phone: "+213770000002")
        if indexed { #expect(try await store.indexForSearch() == 4) }
        #expect(try await names(store, "amelie") == ["Amélie Benali"])
        #expect(try await names(store, "BENALI") == ["Amélie Benali"])
        #expect(try await names(store, "mél") == ["Amélie Benali"])
        // ة and ه, أ and ا are written either way.
        #expect(try await names(store, "فاطمه") == ["فاطمة الزهراء بن علي"])
        #expect(try await names(store, "الزهراء") == ["فاطمة الزهراء بن علي"])
        #expect(try await names(store, "بن على") == ["فاطمة الزهراء بن علي"], "ى and ي are written either way")
        // A relative's name finds the booking made for them.
        #expect(try await names(store, "lina") == ["Yacine Kaci"])
        // Two letters are not enough; nothing matches nothing.
        #expect(BookingQuery("om") == .tooShort)
        #expect(try await names(store, "om").isEmpty)
        #expect(try await names(store, "nobody").isEmpty)
        // LIKE's wildcards are not wildcards here.
        #expect(try await names(store, "%%%").isEmpty)
        #expect(try await names(store, "a_i").isEmpty)
    }

    @Test(arguments: [false, true]) func aPhoneNumberIsFoundInAnyCommonFormat(indexed: Bool) async throws {
        let store = BookingStore(database: try TestDatabases.fresh())
        _ = try await create(store, "2025-03-20", name: "Karim Benali", phone: "+213555123456")
        _ = try await create(store, "2025-03-21", name: "Other Patient", phone: "+213661234567")
        if indexed { try await store.indexForSearch() }
        for typed in ["0555 12 34 56", "0555123456", "+213555123456", "+213 555 12 34 56", "00213555123456",
                      "00213 555-12-34-56", "(0555) 12.34.56", "555 12 34"] {
            #expect(try await names(store, typed) == ["Karim Benali"], "\(typed)")
        }
        #expect(BookingQuery("055") == .tooShort)
    }

    /// Newest first: the latest made (a visit booked today for next month comes before last week's).
    @Test func resultsAreTheAccountsDoctorsOnlyNewestFirst() async throws {
        let store = BookingStore(database: try TestDatabases.fresh())
        let first = try await create(store, "2025-03-19", name: "Karim Benali")
        let second = try await create(store, "2025-04-02", "08:00", name: "Karim Benali")
        // The first two in the index, the others not yet: one list all the same.
        #expect(try await store.indexForSearch() == 2)
        let third = try await create(store, "2025-03-25", name: "Karim Benali")
        let other = try await create(store, doctor: "other", "2025-03-30", name: "Karim Benali")
        #expect(try await store.search(BookingQuery("benali"), doctors: nil).map(\.id) == [other.id, third.id, second.id, first.id])
        #expect(try await store.search(BookingQuery("benali"), doctors: ["amina-haddad"]).map(\.id) == [third.id, second.id, first.id])
        #expect(try await store.search(BookingQuery("benali"), doctors: []).isEmpty)
        #expect(try await store.search(BookingQuery("benali"), doctors: ["amina-haddad"], limit: 2).map(\.id) == [third.id, second.id])
        #expect(try await store.search(BookingQuery("benali"), doctors: nil, limit: 3).map(\.id) == [other.id, third.id, second.id])
        #expect(try await store.indexForSearch() == 2)
        #expect(try await store.indexForSearch() == 0)
        #expect(try await store.search(BookingQuery("benali"), doctors: nil).map(\.id) == [other.id, third.id, second.id, first.id])
    }

    /// A booking removed from the table is not found, whether it was in the index or not yet.
    @Test func aDeletedBookingIsNoLongerFound() async throws {
        let store = BookingStore(database: try TestDatabases.fresh())
        let indexed = try await create(store, "2025-03-20", name: "Karim Benali")
        try await store.indexForSearch()
        let fresh = try await create(store, "2025-03-21", name: "Karim Benali")
        try await store.database.engine.write { db in
            try db.execute("DELETE FROM booking WHERE id IN (?, ?)", [indexed.id, fresh.id])
        }
        #expect(try await store.search(BookingQuery("benali"), doctors: nil).isEmpty)
        try await store.indexForSearch()
        #expect(try await store.search(BookingQuery("benali"), doctors: nil).isEmpty)
    }

    /// A booking of 2025 made before the search existed (v8) is found after the migration.
    @Test func bookingsFromBeforeTheMigrationAreFound() async throws {
        let queue = try DatabaseQueue()
        let migrator = Schema.migrator
        try migrator.migrate(queue, upTo: "v8")
        try await queue.write { db in
            try db.execute(sql: """
                INSERT INTO booking (id, reference, tokenHash, doctor, date, time, status, patientName, phone, forWhom,
                                     language, createdAt, updatedAt, source)
                VALUES (7, 'ABCD-EFGH', 'hash', 'amina-haddad', '2025-03-20', '09:00', 'pending', 'Zoubir Amrani',
                        '+213550000007', 'self', 'fr', '2025-03-01T00:00:00Z', '2025-03-01T00:00:00Z', 'web')
                """)
        }
        try migrator.migrate(queue)
        let store = BookingStore(database: try AppDatabase(queue))
        #expect(try await store.search(BookingQuery("zoubir"), doctors: nil).map(\.id) == [7])
        #expect(try await store.search(BookingQuery("0550 00 00 07"), doctors: nil).map(\.id) == [7])
    }

    @Test func aPatientFileHasEveryBookingOfThatNumberWithTheAccountsDoctors() async throws {
        let store = BookingStore(database: try TestDatabases.fresh())
        let first = try await create(store, "2025-03-19", name: "Karim Benali")
        let forChild = try await create(store, "2025-03-26", name: "Karim Benali", relative: "Lina Benali")
        let elsewhere = try await create(store, doctor: "other", "2025-03-27", name: "Karim Benali")
        _ = try await create(store, "2025-03-28", name: "Someone Else", phone: "+213661234567")
        let mine = try #require(try await store.patientFile(of: first.id, doctors: ["amina-haddad"]))
        #expect(mine.bookings.map(\.id) == [forChild.id, first.id])
        #expect(mine.people == ["Karim Benali", "Lina Benali"])
        let all = try #require(try await store.patientFile(of: first.id, doctors: nil))
        #expect(all.bookings.map(\.id) == [elsewhere.id, forChild.id, first.id])
        #expect(try await store.patientFile(of: first.id, doctors: ["other"]) == nil)
    }
}
