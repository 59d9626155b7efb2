import MawidStorage

extension BookingRecord {
    /// Read column by column (the message composer reads every new booking). Throws `SQLError.unreadable`
    /// naming the column, never the row (it holds patient data).
    init(row: SQLRow) throws {
        id = row["id"]
        reference = try row.decode("reference")
        tokenHash = try row.decode("tokenHash")
        doctor = try row.decode("doctor")
        date = try row.decode("date")
        time = try row.decode("time")
        status = try row.decode("status")
        patientName = try row.decode("patientName")
        phone = try row.decode("phone")
        email = row["email"]
        forWhom = try row.decode("forWhom")
        relativeName = row["relativeName"]
        relativeBirthdate = row["relativeBirthdate"]
        reason = row["reason"]
        language = try row.decode("language")
        createdAt = try row.decode("createdAt")
        updatedAt = try row.decode("updatedAt")
        note = row["note"]
        previousDate = row["previousDate"]
        previousTime = row["previousTime"]
        source = try row.decode("source")
        attendance = row["attendance"]
    }

    /// The booking with this id, or nil.
    static func fetch(_ db: any SQLConnection, id: Int64) throws -> BookingRecord? {
        try db.fetchOne("SELECT * FROM booking WHERE id = ?", [id]).map(BookingRecord.init(row:))
    }

    /// The bookings a `SELECT booking.* …` returns.
    static func fetchAll(_ db: any SQLConnection, _ sql: String, _ arguments: SQLArguments = []) throws -> [BookingRecord] {
        try db.fetchAll(sql, arguments).map(BookingRecord.init(row:))
    }

    /// Writes every column but the id and those fixed at creation.
    /// - Throws: `SQLError.uniqueViolation(index: Schema.slotIndex)` when the new slot is held.
    func update(_ db: any SQLConnection) throws {
        try db.execute("""
            UPDATE booking SET doctor = ?, date = ?, time = ?, status = ?, patientName = ?, phone = ?, email = ?,
                forWhom = ?, relativeName = ?, relativeBirthdate = ?, reason = ?, language = ?, updatedAt = ?, note = ?,
                previousDate = ?, previousTime = ?, source = ?, attendance = ?
            WHERE id = ?
            """, [doctor, date, time, status, patientName, phone, email, forWhom, relativeName, relativeBirthdate, reason,
                  language, updatedAt, note, previousDate, previousTime, source, attendance, id])
    }
}

extension AuditRecord {
    init(row: SQLRow) throws {
        id = row["id"]
        bookingId = try row.decode("bookingId")
        actor = try row.decode("actor")
        action = try row.decode("action")
        fromStatus = row["fromStatus"]
        toStatus = try row.decode("toStatus")
        at = try row.decode("at")
        detail = row["detail"]
    }

    /// Inserts the row and sets `id`.
    mutating func insert(_ db: any SQLConnection) throws {
        id = try db.insertReturningID("""
            INSERT INTO auditEvent (bookingId, actor, action, fromStatus, toStatus, at, detail) VALUES (?, ?, ?, ?, ?, ?, ?)
            """, [bookingId, actor, action, fromStatus, toStatus, at, detail])
    }
}

extension SQLError {
    /// True for the double-booking guard (`Schema.slotIndex`) refusing a row.
    var isSlotTaken: Bool { self == .uniqueViolation(index: Schema.slotIndex) }
}
