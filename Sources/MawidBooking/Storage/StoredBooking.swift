import Foundation
import MawidSite

/// A booking as stored. Holds patient data: never log it (its `description` shows none).
public struct StoredBooking: Hashable, Sendable {
    public var id: Int64
    public var reference: String
    public var status: BookingStatus
    /// The request as validated; `slot`, `doctor` etc. live there.
    public var request: BookingRequest
    public var createdAt: Date
    public var updatedAt: Date
    /// Why the office declined or cancelled, shown to the patient.
    public var note: String?
    /// Where the booking was before its last move (a proposal by the office, or the patient's own change).
    public var previousSlot: Slot?
    public var source: BookingSource
    /// Nil until the patient says they will come.
    public var attendance: BookingAttendance?

    init?(_ record: BookingRecord) {
        guard let id = record.id, let status = BookingStatus(rawValue: record.status),
              let slot = Slot(date: record.date, time: record.time),
              let forWhom = ForWhom(rawValue: record.forWhom),
              let createdAt = Timestamp.date(record.createdAt), let updatedAt = Timestamp.date(record.updatedAt),
              let source = BookingSource(rawValue: record.source)
        else { return nil }
        self.id = id
        self.reference = record.reference
        self.status = status
        self.request = BookingRequest(
            doctor: record.doctor, slot: slot, patientName: record.patientName,
            phone: record.phone, email: record.email, forWhom: forWhom, relativeName: record.relativeName,
            relativeBirthdate: record.relativeBirthdate.flatMap { LocalDate($0) }, reason: record.reason,
            language: record.language)
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.note = record.note
        if let date = record.previousDate, let time = record.previousTime { self.previousSlot = Slot(date: date, time: time) }
        self.source = source
        self.attendance = record.attendance.flatMap(BookingAttendance.init(rawValue:))
    }
}

extension StoredBooking: CustomStringConvertible {
    public var description: String { "Booking \(reference) (\(request.doctor) \(request.slot), \(status.rawValue))" }
}

/// What `create` hands back. The token is shown to the patient once and never stored in clear.
public struct CreatedBooking: Hashable, Sendable {
    public var id: Int64
    public var reference: String
    public var token: String
    public var status: BookingStatus
}

/// The slot was booked by someone else first (the database's unique index said so).
public struct SlotTaken: Error, Hashable, Sendable {
    public var doctor: String
    public var slot: Slot
}
