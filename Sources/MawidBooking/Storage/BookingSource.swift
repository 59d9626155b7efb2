/// How a booking reached the office. Stored as its raw value in `booking.source`.
public enum BookingSource: String, Sendable, CaseIterable, Codable {
    /// The patient booked on the website.
    case web
    /// The office entered it, e.g. during a phone call.
    case phone
}

/// What the patient said about coming. Stored as its raw value in `booking.attendance` (nil: nothing said).
public enum BookingAttendance: String, Sendable, CaseIterable, Codable {
    /// "I will come."
    case confirmed
}
