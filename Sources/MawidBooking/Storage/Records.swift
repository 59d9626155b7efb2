import GRDB
import MawidSite

/// A row of `booking`.
struct BookingRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "booking"

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

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// Read column by column rather than through `Decodable` (several times faster: the message composer
    /// reads every new booking).
    init(row: Row) throws {
        id = row["id"]
        reference = try row.decode(forColumn: "reference")
        tokenHash = try row.decode(forColumn: "tokenHash")
        doctor = try row.decode(forColumn: "doctor")
        date = try row.decode(forColumn: "date")
        time = try row.decode(forColumn: "time")
        status = try row.decode(forColumn: "status")
        patientName = try row.decode(forColumn: "patientName")
        phone = try row.decode(forColumn: "phone")
        email = row["email"]
        forWhom = try row.decode(forColumn: "forWhom")
        relativeName = row["relativeName"]
        relativeBirthdate = row["relativeBirthdate"]
        reason = row["reason"]
        language = try row.decode(forColumn: "language")
        createdAt = try row.decode(forColumn: "createdAt")
        updatedAt = try row.decode(forColumn: "updatedAt")
        note = row["note"]
        previousDate = row["previousDate"]
        previousTime = row["previousTime"]
        source = try row.decode(forColumn: "source")
        attendance = row["attendance"]
    }

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
struct ContactRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "contactMessage"

    var id: Int64?
    var name: String
    var email: String?
    var phone: String?
    var subject: String?
    var message: String
    var language: String
    var createdAt: String
    var handled: Bool

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
