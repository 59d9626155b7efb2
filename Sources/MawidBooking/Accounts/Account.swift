import Foundation
import MawidStorage

/// An office account: a doctor, a secretary (some doctors) or an admin (all doctors, and the accounts).
public struct Account: Hashable, Sendable {
    public var id: Int64
    public var login: String
    public var isAdmin: Bool
    /// Slugs of the doctors whose bookings this account sees (ignored for admins).
    public var doctors: [String]
    public var createdAt: Date
    /// Where the account is told of new requests, cancellations and moves (`AccountStore.setContact`).
    public var email: String?
    /// E.164.
    public var phone: String?
    public var notify: NotifyPreference

    public init(id: Int64, login: String, isAdmin: Bool, doctors: [String], createdAt: Date = Date(timeIntervalSince1970: 0),
                email: String? = nil, phone: String? = nil, notify: NotifyPreference = .immediate) {
        self.id = id
        self.login = login
        self.isAdmin = isAdmin
        self.doctors = doctors
        self.createdAt = createdAt
        self.email = email
        self.phone = phone
        self.notify = notify
    }

    /// What to pass as `doctors:` to the `BookingStore` queries: nil (all) for admins.
    public var visibleDoctors: [String]? { isAdmin ? nil : doctors }

    public func canSee(doctor: String) -> Bool { isAdmin || doctors.contains(doctor) }
}

extension Account: CustomStringConvertible {
    public var description: String { "Account(\(login)\(isAdmin ? ", admin" : ""))" }
}

/// A row of `account`, read with `init(row:)`.
struct AccountRecord {
    /// The columns `init(row:)` reads, for a `SELECT`.
    static let columns = "id, login, passwordHash, isAdmin, doctors, createdAt, email, phone, notify"

    var id: Int64?
    var login: String
    var passwordHash: String
    var isAdmin: Bool
    /// Comma-separated slugs.
    var doctors: String
    var createdAt: String
    var email: String? = nil
    var phone: String? = nil
    var notify: String = NotifyPreference.immediate.rawValue

    init(id: Int64?, login: String, passwordHash: String, isAdmin: Bool, doctors: String, createdAt: String,
         email: String? = nil, phone: String? = nil, notify: String = NotifyPreference.immediate.rawValue) {
        self.id = id
        self.login = login
        self.passwordHash = passwordHash
        self.isAdmin = isAdmin
        self.doctors = doctors
        self.createdAt = createdAt
        self.email = email
        self.phone = phone
        self.notify = notify
    }

    /// A row selected with `columns`.
    init(row: SQLRow) throws {
        self.init(id: try row.decode("id"), login: try row.decode("login"), passwordHash: try row.decode("passwordHash"),
                  isAdmin: try row.decode("isAdmin"), doctors: try row.decode("doctors"), createdAt: try row.decode("createdAt"),
                  email: row["email"], phone: row["phone"], notify: try row.decode("notify"))
    }

    var account: Account? {
        guard let id, let createdAt = Timestamp.date(createdAt) else { return nil }
        return Account(id: id, login: login, isAdmin: isAdmin,
                       doctors: doctors.split(separator: ",").map(String.init), createdAt: createdAt,
                       email: email, phone: phone, notify: NotifyPreference(rawValue: notify) ?? .immediate)
    }
}

/// How an account hears of its doctors' bookings. Stored as its raw value in `account.notify`.
/// Admins are never notified (they see every doctor).
public enum NotifyPreference: String, Sendable, CaseIterable, Codable {
    /// An email and/or SMS for each new request, cancellation or move.
    case immediate
    /// One email gathering them, at most once per `NotificationSettings.digestInterval` (needs an email;
    /// without one, SMS come at once).
    case digest
    case none
}
