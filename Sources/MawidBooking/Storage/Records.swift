import MawidSite

/// A row of `booking`.
struct BookingRecord: Sendable {
    var id: Int64?
    var reference: String
    var tokenHash: String
    var doctor: String
    var date: String
    var time: String
    var status: String
    var patientName: String
    var phone: String
    var email: String?
    var forWhom: String
    var relativeName: String?
    var relativeBirthdate: String?
    var reason: String?
    var language: String
    var createdAt: String
    var updatedAt: String
    var note: String?
    var previousDate: String?
    var previousTime: String?
    var source: String
    var attendance: String?

    init(_ request: BookingRequest, reference: String, tokenHash: String, status: BookingStatus,
         source: BookingSource = .web, at timestamp: String) {
        self.reference = reference
        self.tokenHash = tokenHash
        doctor = request.doctor
        date = request.slot.date.description
        time = request.slot.time.description
        self.status = status.rawValue
        patientName = request.patientName
        phone = request.phone
        email = request.email
        forWhom = request.forWhom.rawValue
        relativeName = request.relativeName
        relativeBirthdate = request.relativeBirthdate?.description
        reason = request.reason
        language = request.language
        createdAt = timestamp
        updatedAt = timestamp
        self.source = source.rawValue
    }
}

/// A row of `contactMessage`.
struct ContactRecord: Sendable {
    var id: Int64?
    var name: String
    var email: String?
    var phone: String?
    var subject: String?
    var message: String
    var language: String
    var createdAt: String
    var handled: Bool

}
