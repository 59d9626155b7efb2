import Foundation
import GRDB
import MawidBooking
import MawidSite
import MawidStorage
import MawidTestSupport
import Testing
@testable import MawidConversation

/// Documents at rest: only PDF, JPEG and PNG by their content; plain names; 10 MB a file, 30 MB a booking;
/// encrypted and bound to their booking; deleted after the retention or with the booking.
@Suite struct DocumentsTests {
    let now = Date(timeIntervalSince1970: 1_742_281_200)  // 2025-03-18 07:00 UTC
    static let pdf = Array("%PDF-1.4\n% a referral letter\n%%EOF\n".utf8)
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]
    static let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0, 16]

    func booking(_ store: BookingStore, date: String = "2025-03-23", time: String = "09:00") async throws -> Int64 {
        let request = BookingRequest(doctor: "amina-haddad", slot: Slot(date: date, time: time)!, patientName: "Yasmine Kaci",
                                     phone: "+213550123456", language: "fr")
        return try await store.create(request, now: now).id
    }

    @Test func theTypeComesFromTheContentAndTheNameMustBePlain() {
        #expect(Documents.mediaType(of: Self.pdf) == "application/pdf")
        #expect(Documents.mediaType(of: Self.png) == "image/png")
        #expect(Documents.mediaType(of: Self.jpeg) == "image/jpeg")
        #expect(Documents.mediaType(of: Array("<html><script>".utf8)) == nil)
        #expect(Documents.mediaType(of: Array("GIF89a".utf8)) == nil)
        #expect(Documents.checkedName("ordonnance du 12-03.pdf") == "ordonnance du 12-03.pdf")
        #expect(Documents.checkedName("تحليل الدم.pdf") == "تحليل الدم.pdf")
        for bad in ["../x.pdf", "a/b.pdf", "C:\\x.pdf", "", "a\u{0}b.pdf", String(repeating: "a", count: 121)] {
            #expect(Documents.checkedName(bad) == nil, "\(bad)")
        }
    }

    @Test func aFileIsKeptEncryptedBoundToItsBookingAndReadBackIntact() async throws {
        let database = try TestDatabases.fresh()
        let store = BookingStore(database: database)
        let documents = Documents(store: store)
        let id = try await booking(store)
        let other = try await booking(store, time: "09:30")
        let info = try await documents.add(bookingID: id, fromPatient: true, author: "patient", fileName: "lettre.pdf", bytes: Self.pdf, now: now)
        #expect(info.mediaType == "application/pdf" && info.size == Self.pdf.count && info.fileName == "lettre.pdf")
        #expect(try await documents.list(bookingID: id) == [info])
        let (read, bytes) = try #require(try await documents.content(id: info.id, bookingID: id))
        #expect(read == info && bytes == Self.pdf)
        // At rest: not the file's bytes.
        let sealed = try await database.engine.read { db in try db.value("SELECT sealed FROM document", as: Data.self)! }
        #expect(sealed.range(of: Data("referral".utf8)) == nil)
        // Another booking cannot have it, even moved in the database.
        #expect(try await documents.content(id: info.id, bookingID: other) == nil)
        try await database.engine.write { db in try db.execute("UPDATE document SET bookingId = ?", [other]) }
        await #expect(throws: (any Error).self) { _ = try await documents.content(id: info.id, bookingID: other) }
    }

    @Test func wrongTypesNamesAndSizesAreRefusedAndNothingIsKept() async throws {
        let store = BookingStore(database: try TestDatabases.fresh())
        let documents = Documents(store: store)
        let id = try await booking(store)
        func add(_ name: String, _ bytes: [UInt8]) async throws { try await documents.add(bookingID: id, fromPatient: true, author: "patient", fileName: name, bytes: bytes, now: now) }
        await #expect(throws: Documents.Problem.noFile) { try await add("x.pdf", []) }
        await #expect(throws: Documents.Problem.wrongType) { try await add("x.pdf", Array("MZ executable".utf8)) }
        await #expect(throws: Documents.Problem.badName) { try await add("../x.pdf", Self.pdf) }
        let big = Self.pdf + [UInt8](repeating: 0x20, count: Documents.maxFileSize - Self.pdf.count)
        await #expect(throws: Documents.Problem.tooBig(size: Documents.maxFileSize + 1)) { try await add("x.pdf", big + [0x20]) }
        for i in 1...3 { try await add("\(i).pdf", big) }
        await #expect(throws: Documents.Problem.bookingFull(used: 3 * Documents.maxFileSize)) { try await add("4.png", Self.png) }
        #expect(try await documents.list(bookingID: id).map(\.fileName) == ["1.pdf", "2.pdf", "3.pdf"])
    }

    @Test func documentsGoAfterTheirRetentionOrWithTheirBooking() async throws {
        let database = try TestDatabases.fresh()
        let store = BookingStore(database: database)
        let documents = Documents(store: store)
        let past = try await booking(store, date: "2025-03-23")
        let later = try await booking(store, date: "2025-06-01")
        try await documents.add(bookingID: past, fromPatient: true, author: "patient", fileName: "a.pdf", bytes: Self.pdf, now: now)
        try await documents.add(bookingID: later, fromPatient: false, author: "amina", fileName: "b.jpg", bytes: Self.jpeg, now: now)
        #expect(try await documents.purge(visitsBefore: LocalDate("2025-03-23")!) == 0)
        #expect(try await documents.purge(visitsBefore: LocalDate("2025-03-24")!) == 1)
        #expect(try await documents.list(bookingID: past).isEmpty)
        #expect(try await documents.list(bookingID: later).count == 1)
        try await database.engine.write { db in try db.execute("DELETE FROM booking WHERE id = ?", [later]) }
        #expect(try await database.engine.read { db in try db.value("SELECT count(*) FROM document", as: Int.self) } == 0)
    }
}
