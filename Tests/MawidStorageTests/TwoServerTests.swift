import Foundation
import MawidDelivery
import MawidPostgres
import MawidSite
import MawidStorage
import MawidTestSupport
import Testing
@testable import MawidBooking

/// Two servers on one database, as `mawid serve` runs them behind a load balancer: each with its own stores
/// and connections (on SQLite, two pools on one file; on PostgreSQL, two engines on one database).
@Suite struct TwoServerTests {
    static let now = Timestamp.date("2025-03-18T06:00:00Z")!
    static let wednesday = Slot(date: "2025-03-19", time: "09:00")!

    /// The same database opened twice.
    func twoServers(_ engine: Engine) throws -> (AppDatabase, AppDatabase) {
        switch engine {
        case .sqlite:
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("mawid-two-\(UUID().uuidString)/mawid.sqlite").path
            return (try AppDatabase(path: path), try AppDatabase(path: path))
        case .postgres:
            let address = try Engine.freshPostgres()
            return (try AppDatabase(postgres: PostgresEngine(address, lanes: 4), name: address.database),
                    try AppDatabase(postgres: PostgresEngine(address, lanes: 4), name: address.database))
        }
    }

    func request(_ slot: Slot, phone: String = "+213550123456") -> BookingRequest {
        BookingRequest(doctor: "amina-haddad", slot: slot, patientName: "Karim Benali", phone: phone, email: "karim@example.dz",
                       language: "fr")
    }

    /// 100 patients ask for one slot at once, half through each server: one booking, 99 told it is taken.
    @Test(arguments: Engine.available)
    func aRaceOfAHundredOverTwoServersBooksTheSlotOnce(engine: Engine) async throws {
        let (a, b) = try twoServers(engine)
        let stores = [BookingStore(database: a), BookingStore(database: b)]
        let outcomes = await withTaskGroup(of: String.self) { group in
            for n in 0..<100 {
                group.addTask {
                    do {
                        _ = try await stores[n % 2].create(self.request(Self.wednesday, phone: "+2135501234\(String(format: "%02d", n))"),
                                                            now: Self.now)
                        return "booked"
                    } catch is SlotTaken {
                        return "taken"
                    } catch {
                        return "error: \(error)"
                    }
                }
            }
            return await group.reduce(into: [String: Int]()) { $0[$1, default: 0] += 1 }
        }
        #expect(outcomes == ["booked": 1, "taken": 99])
        #expect(try await stores[1].countBookings() == 1)
        #expect(try await stores[0].takenSlots(doctor: "amina-haddad", from: LocalDate("2025-03-19")!,
                                               through: LocalDate("2025-03-19")!) == [Self.wednesday])
    }

    /// Both servers' outbox workers run at once on the same messages: each is sent once, by one of them.
    /// PostgreSQL only: several servers share one database there (on SQLite one server sends the outbox).
    @Test(arguments: Engine.available.filter { $0 == .postgres })
    func everyMessageIsSentOnceWithWorkersOnBothServers(engine: Engine) async throws {
        let (a, b) = try twoServers(engine)
        let context = try Self.context()
        let stores = [BookingStore(database: a, messages: context), BookingStore(database: b, messages: context)]
        for n in 0..<20 {
            let slot = Slot(date: "2025-03-19", time: String(format: "%02d:%02d", 8 + n / 2, (n % 2) * 30))!
            _ = try await stores[n % 2].create(request(slot, phone: "+2135501234\(String(format: "%02d", n))"), now: Self.now)
        }
        let channels = (0..<2).map { _ in (email: Recorder(), sms: Recorder()) }
        let workers = (0..<2).map { index in
            OutboxWorker(store: stores[index], settings: NotificationSettings(emailFrom: "Mawid <no-reply@mawid.example.dz>"),
                         channels: [.email: channels[index].email, .sms: channels[index].sms])
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in workers {
                group.addTask { for _ in 0..<3 { try await worker.runOnce(now: Self.now) } }
            }
            try await group.waitForAll()
        }
        let sent = channels.flatMap { $0.email.ids + $0.sms.ids }
        let rows = try await stores[0].outbox(all: true)
        #expect(rows.count == 40)
        #expect(sent.count == rows.count)
        #expect(Set(sent) == Set(rows.map(\.id)))
        #expect(rows.allSatisfy { $0.state == .sent })
    }

    /// A doctor signed in through one server stays signed in through the other.
    @Test(arguments: Engine.available)
    func aSessionMadeOnOneServerIsKnownToTheOther(engine: Engine) async throws {
        let (a, b) = try twoServers(engine)
        let account = try AccountStore(database: a, hasher: PasswordHasher(cost: 4))
            .add(login: "amina", password: "correct horse battery", doctors: ["amina-haddad"], isAdmin: false)
        let session = try await SessionStore(database: a).create(accountID: account.id, now: Self.now)
        let found = try await SessionStore(database: b).session(token: session.token, now: Self.now.addingTimeInterval(60))
        #expect(found?.0.login == "amina" && found?.csrf == session.csrf)
    }

    static func context() throws -> MessageContext {
        let templates = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Templates").path
        let strings = try Strings.load(directory: templates, languages: ["fr", "ar", "en"])
        let messages = try MessageTemplates.load(directory: templates + "/messages", languages: ["fr", "ar", "en"],
                                                 strings: { strings[$0] ?? strings["fr"]! })
        let doctor = MessageContext.DoctorInfo(names: ["fr": "Dr Amina Haddad"], addresses: ["fr": "1 rue Didouche Mourad, Alger"])
        return MessageContext(publicBaseURL: "https://mawid.example.dz/", apiURL: "https://mawid.example.dz/api",
                              siteTitles: ["fr": "Mawid"], doctors: ["amina-haddad": doctor],
                              timeZone: TimeZone(identifier: "Africa/Algiers")!, templates: messages, policy: NotificationPolicy())
    }
}

/// A channel that keeps the outbox ids of what it sends.
final class Recorder: MessageChannel, @unchecked Sendable {
    private let lock = NSLock()
    private var sent: [Int64] = []

    var ids: [Int64] { lock.withLock { sent } }

    func send(_ message: OutgoingMessage) async throws {
        try await Task.sleep(nanoseconds: 2_000_000)  // a channel takes its time: the other worker runs meanwhile
        lock.withLock { sent.append(message.outboxID) }
    }
}
