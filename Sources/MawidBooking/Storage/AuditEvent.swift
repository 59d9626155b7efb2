import Foundation

/// One line of a booking's history: who did what, from which status to which.
/// Holds no patient data: `detail` is a slot move or the reason the office gave.
public struct AuditEvent: Hashable, Sendable {
    /// The `actor` of what the patient did.
    public static let patientActor = "patient"

    public var id: Int64
    public var bookingID: Int64
    /// An account login, or `"patient"`.
    public var actor: String
    /// `BookingAction.name`, or `"create"` (web booking) / `"createByPractice"` (phone booking) /
    /// `"acceptOffer"` (the patient took a freed slot) / `"confirmAttendance"` ("I will come").
    public var action: String
    /// Nil when the booking was created.
    public var from: BookingStatus?
    public var to: BookingStatus
    public var at: Date
    /// E.g. `2025-03-19 09:00 → 2025-03-20 10:30`, or the reason of a decline or cancellation.
    public var detail: String?
}

/// A row of `auditEvent`.
struct AuditRecord: Sendable {
    var id: Int64?
    var bookingId: Int64
    var actor: String
    var action: String
    var fromStatus: String?
    var toStatus: String
    var at: String
    var detail: String?

    init(bookingId: Int64, actor: String, action: String, from: BookingStatus?, to: BookingStatus, at: String,
         detail: String? = nil) {
        self.bookingId = bookingId
        self.actor = actor
        self.action = action
        fromStatus = from?.rawValue
        toStatus = to.rawValue
        self.at = at
        self.detail = detail
    }

    var event: AuditEvent? {
        guard let id, let to = BookingStatus(rawValue: toStatus), let date = Timestamp.date(at) else { return nil }
        return AuditEvent(id: id, bookingID: bookingId, actor: actor, action: action,
                          from: fromStatus.flatMap(BookingStatus.init(rawValue:)), to: to, at: date, detail: detail)
    }
}
