import Foundation
import MawidTestSupport
import MawidDelivery
import MawidSite
@testable import MawidBooking

/// `Templates` and `Templates/messages` of this repository.
let templatesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Templates").path
let messagesDirectory = templatesDirectory + "/messages"

/// The site's UI strings of this repository (the messages take their day names from them).
func loadStrings() throws -> (String) -> Strings {
    let strings = try Strings.load(directory: templatesDirectory, languages: ["fr", "ar", "en"])
    return { strings[$0] ?? strings["fr"]! }
}

func loadTemplates() throws -> MessageTemplates {
    try MessageTemplates.load(directory: messagesDirectory, languages: ["fr", "ar", "en"], strings: loadStrings())
}

let doctorInfo = MessageContext.DoctorInfo(
    names: ["fr": "Dr Amina Haddad", "ar": "د. أمينة حداد", "en": "Dr Amina Haddad"],
    addresses: ["fr": "1 rue Didouche Mourad, Alger", "ar": "1 شارع ديدوش مراد، الجزائر", "en": "1 rue Didouche Mourad, Algiers"])

/// Messages on, for the doctors `amina-haddad` and `other`, at https://mawid.example.dz/api.
func makeContext(policy: NotificationPolicy = NotificationPolicy()) throws -> MessageContext {
    MessageContext(publicBaseURL: "https://mawid.example.dz/", apiURL: "https://mawid.example.dz/api",
                   siteTitles: ["fr": "Mawid — Médecins d'Algérie", "ar": "موعد", "en": "Mawid"],
                   doctors: ["amina-haddad": doctorInfo, "other": doctorInfo], timeZone: algiers,
                   templates: try loadTemplates(), policy: policy)
}

/// An in-memory store writing messages.
func makeNotifyingStore(policy: NotificationPolicy = NotificationPolicy()) throws -> BookingStore {
    BookingStore(database: try TestDatabases.fresh(), messages: try makeContext(policy: policy))
}

/// A request with an email, in `language`.
func makeRequest(_ slot: Slot, language: String, email: String? = "karim@example.dz", phone: String = "+213550123456",
                 doctor: String = "amina-haddad") -> BookingRequest {
    BookingRequest(doctor: doctor, slot: slot, patientName: "Karim Benali", phone: phone, email: email,
                   reason: "Douleurs thoraciques", language: language)
}

/// A channel that records what it is given, failing the first `failures` sends.
final class FakeChannel: MessageChannel, @unchecked Sendable {
    private let lock = NSLock()
    private var messages: [OutgoingMessage] = []
    private var failuresLeft: Int
    let error: DeliveryError

    init(failures: Int = 0, error: DeliveryError = DeliveryError("SMTP RCPT TO refused (451)")) {
        failuresLeft = failures
        self.error = error
    }

    var sent: [OutgoingMessage] { lock.withLock { messages } }

    func send(_ message: OutgoingMessage) async throws {
        try lock.withLock {
            if failuresLeft > 0 {
                failuresLeft -= 1
                throw error
            }
            messages.append(message)
        }
    }
}

extension BookingStore {
    /// Every outbox row, by id.
    func allOutbox() async throws -> [OutboxMessage] { try await outbox(all: true) }

    /// The action with the default rules and the two test doctors, at `now`.
    @discardableResult
    func act(_ action: BookingAction, _ id: Int64, actor: String = "amina", at now: Date) async throws -> StoredBooking {
        try await apply(action, bookingID: id, actor: actor, calendar: SlotCalendar(timeZone: algiers, now: now),
                        rules: TransitionRules(), doctors: ["amina-haddad": makeDoctor(), "other": makeDoctor(slug: "other")])
    }
}

/// Settings with no real channel; tests pass theirs to the worker.
func testSettings() -> NotificationSettings {
    NotificationSettings(emailFrom: "Mawid <no-reply@mawid.example.dz>")
}
