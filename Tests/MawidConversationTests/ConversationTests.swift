import Foundation
import GRDB
import MawidBooking
import MawidSite
import MawidStorage
import MawidTestSupport
import Testing
@testable import MawidConversation

/// A booking's thread as stored: who wrote what, in order; refusals (empty, too long, closed, full); read
/// marks per side; unread counts only for the doctors asked; messages go with their booking.
@Suite struct ConversationTests {
    let now = Date(timeIntervalSince1970: 1_742_281_200)  // 2025-03-18 07:00 UTC

    func booking(_ store: BookingStore, doctor: String = "amina-haddad", time: String = "09:00") async throws -> Int64 {
        let request = BookingRequest(doctor: doctor, slot: Slot(date: "2025-03-23", time: time)!, patientName: "Yasmine Kaci",
                                     phone: "+213550123456", email: nil, forWhom: .myself, relativeName: nil,
                                     relativeBirthdate: nil, reason: nil, language: "fr")
        return try await store.create(request, now: now).id
    }

    @Test func aThreadKeepsEachMessageWithItsAuthorInOrder() async throws {
        let store = BookingStore(database: try TestDatabases.fresh())
        let conversation = Conversation(store: store)
        let id = try await booking(store)
        try await conversation.post(bookingID: id, fromPatient: true, author: "patient", text: "  Bonjour,\r\nune question.  ", now: now)
        try await conversation.post(bookingID: id, fromPatient: false, author: "amina", text: "Oui ?", now: now.addingTimeInterval(60))
        let messages = try await conversation.messages(bookingID: id)
        #expect(messages.map(\.body) == ["Bonjour,\nune question.", "Oui ?"])
        #expect(messages.map(\.author) == ["patient", "amina"])
        #expect(messages.map(\.fromPatient) == [true, false])
        #expect(messages[1].createdAt == now.addingTimeInterval(60))
        #expect(try await conversation.messages(bookingID: try await booking(store, time: "09:30")).isEmpty)
    }

    @Test func emptyTooLongClosedAndFullAreRefusedAndNothingIsKept() async throws {
        let store = BookingStore(database: try TestDatabases.fresh())
        let conversation = Conversation(store: store)
        let id = try await booking(store)
        await #expect(throws: Conversation.Problem.empty) {
            try await conversation.post(bookingID: id, fromPatient: true, author: "patient", text: " \n ", now: now)
        }
        await #expect(throws: Conversation.Problem.tooLong(max: 2000)) {
            try await conversation.post(bookingID: id, fromPatient: true, author: "patient", text: String(repeating: "é", count: 2001), now: now)
        }
        try await conversation.post(bookingID: id, fromPatient: true, author: "patient", text: String(repeating: "é", count: 2000), now: now)
        try await conversation.setClosed(true, bookingID: id, by: "amina", now: now)
        #expect(try await conversation.closing(bookingID: id)?.by == "amina")
        await #expect(throws: Conversation.Problem.closed) {
            try await conversation.post(bookingID: id, fromPatient: false, author: "amina", text: "encore", now: now)
        }
        try await conversation.setClosed(false, bookingID: id, by: "amina", now: now)
        #expect(try await conversation.closing(bookingID: id) == nil)
        for i in 1..<Conversation.maxMessages {
            try await conversation.post(bookingID: id, fromPatient: i % 2 == 0, author: "x", text: "\(i)", now: now)
        }
        await #expect(throws: Conversation.Problem.full) {
            try await conversation.post(bookingID: id, fromPatient: true, author: "patient", text: "one more", now: now)
        }
        #expect(try await conversation.messages(bookingID: id).count == Conversation.maxMessages)
    }

    @Test func eachSideReadsTheOthersMessagesAndCountsAreByDoctor() async throws {
        let store = BookingStore(database: try TestDatabases.fresh())
        let conversation = Conversation(store: store)
        let amina = try await booking(store)
        let other = try await booking(store, doctor: "other")
        try await conversation.post(bookingID: amina, fromPatient: true, author: "patient", text: "1", now: now)
        try await conversation.post(bookingID: amina, fromPatient: true, author: "patient", text: "2", now: now)
        try await conversation.post(bookingID: amina, fromPatient: false, author: "amina", text: "3", now: now)
        try await conversation.post(bookingID: other, fromPatient: true, author: "patient", text: "4", now: now)
        #expect(try await conversation.unreadByPractice(doctors: ["amina-haddad"]) == 2)
        #expect(try await conversation.unreadByPractice(doctors: nil) == 3)
        #expect(try await conversation.unreadByPractice(doctors: []) == 0)
        #expect(try await conversation.unreadByPractice(bookingIDs: [amina, other]) == [amina: 2, other: 1])
        // The patient opening their page reads the practice's message, not their own.
        try await conversation.markRead(bookingID: amina, byPatient: true, now: now)
        #expect(try await conversation.unreadByPractice(doctors: ["amina-haddad"]) == 2)
        #expect(try await conversation.messages(bookingID: amina).map { $0.readAt != nil } == [false, false, true])
        try await conversation.markRead(bookingID: amina, byPatient: false, now: now)
        #expect(try await conversation.unreadByPractice(doctors: ["amina-haddad"]) == 0)
        #expect(try await conversation.unreadByPractice(doctors: nil) == 1)
    }

    @Test func messagesGoWithTheirBooking() async throws {
        let database = try TestDatabases.fresh()
        let store = BookingStore(database: database)
        let conversation = Conversation(store: store)
        let id = try await booking(store)
        try await conversation.post(bookingID: id, fromPatient: true, author: "patient", text: "secret", now: now)
        try await conversation.setClosed(true, bookingID: id, by: "amina", now: now)
        try await database.engine.write { db in try db.execute("DELETE FROM booking WHERE id = ?", [id]) }
        let left = try await database.engine.read { db in
            try db.value("SELECT (SELECT count(*) FROM threadMessage) + (SELECT count(*) FROM threadState)", as: Int.self)
        }
        #expect(left == 0)
    }
}
