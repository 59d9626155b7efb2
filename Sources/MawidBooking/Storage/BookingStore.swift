import Foundation
import MawidStorage
import MawidSite

/// Bookings and contact messages in the database: the API the HTTP server calls.
public final class BookingStore: Sendable {
    public let database: AppDatabase
    let writer: GroupCommitWriter
    let notifications: NotificationHub
    /// Where the store, its writer, `OutboxWorker` and the server record what they do.
    public let metrics: MawidMetrics

    /// - Parameters:
    ///   - messages: what messages need (links, doctors, texts); nil writes no message (see `setMessageContext`).
    ///   - metrics: `mawid serve --metrics` gives one made with its Prometheus factory.
    public init(database: AppDatabase, messages: MessageContext? = nil, metrics: MawidMetrics = .disabled) {
        self.database = database
        self.metrics = metrics
        self.notifications = NotificationHub(context: messages)
        self.writer = GroupCommitWriter(engine: database.engine, notifications: notifications, metrics: metrics)
    }

    /// Turns messages on (or off with nil) from now on: every change then writes its emails and SMS into the
    /// outbox in its own transaction, for `OutboxWorker` to send.
    public func setMessageContext(_ context: MessageContext?) { notifications.context = context }

    /// The context set by `init` or `setMessageContext`.
    public var messageContext: MessageContext? { notifications.context }

    /// Opens or creates the database file at `path`.
    public convenience init(path: String, metrics: MawidMetrics = .disabled) throws {
        try self.init(database: AppDatabase(path: path), metrics: metrics)
    }

    private var engine: any SQLDatabase { database.engine }

    // MARK: Bookings

    /// Stores a new pending booking made on the website, with its audit row ("patient", "create");
    /// returns once it is durably committed.
    /// - Throws: `SlotTaken` if a slot-holding booking has this doctor, date and time; database errors.
    public func create(_ request: BookingRequest, now: Date, resumeOn place: (any ResumePlace)? = nil) async throws -> CreatedBooking {
        try await insert(request, status: .pending, source: .web, actor: AuditEvent.patientActor, action: "create",
                         now: now, resumeOn: place)
    }

    /// Stores a booking the office took by phone: confirmed at once, source `phone`, audited as
    /// (`actor`, "createByPractice"). The request is validated by the caller, as for `create`.
    /// - Throws: `SlotTaken` if the slot is held; database errors.
    public func createByPractice(_ request: BookingRequest, actor: String, now: Date) async throws -> CreatedBooking {
        try await insert(request, status: .confirmed, source: .phone, actor: actor, action: "createByPractice", now: now)
    }

    private func insert(_ request: BookingRequest, status: BookingStatus, source: BookingSource, actor: String,
                        action: String, now: Date, resumeOn place: (any ResumePlace)? = nil) async throws -> CreatedBooking {
        let secret = BookingToken.generate()
        let insert = GroupCommitWriter.Insert(request: request, tokenHash: BookingToken.hash(secret),
                                              now: now, timestamp: Timestamp.string(now), status: status, source: source,
                                              actor: actor, auditAction: action)
        let result = try await writer.insert(insert, resumeOn: place)
        return CreatedBooking(id: result.id, reference: result.reference,
                              token: PatientToken.make(id: result.id, secret: secret), status: status)
    }

    /// Slots of `doctor` held by a booking (see `BookingStatus.slotHolding`), dates inclusive.
    public func takenSlots(doctor: String, from: LocalDate, through: LocalDate) async throws -> Set<Slot> {
        let statuses = BookingStatus.slotHolding.map(\.rawValue)
        let rows = try await engine.read { db in
            try db.fetchAll("""
                SELECT date, time FROM booking
                WHERE doctor = ? AND date BETWEEN ? AND ? AND status IN \(statuses.sqlPlaceholders)
                """, SQLArguments([doctor, from.description, through.description] + statuses))
        }
        return Set(rows.compactMap { row in
            guard let date: String = row[0], let time: String = row[1] else { return nil }
            return Slot(date: date, time: time)
        })
    }

    /// The booking whose token is `token`, or nil: either its creation token (`PatientToken`: the id, then
    /// the hash of the secret is compared; a bare secret from before v7 is looked up) or a message token
    /// (`MessageToken`, checked against the server secret).
    public func booking(token: String) async throws -> StoredBooking? {
        if let (id, secret) = PatientToken.parse(token) {
            return try await fetchBooking { _ in ("id = ? AND tokenHash = ?", [id, BookingToken.hash(secret)]) }
        }
        if BookingToken.isWellFormed(token) {
            return try await fetchBooking(legacyKey: Schema.legacyTokenPrefix + BookingToken.hash(token))
        }
        guard MessageToken.unverifiedID(token) != nil else { return nil }
        let notifications = notifications
        return try await fetchBooking { db in
            MessageToken.bookingID(in: token, key: try notifications.messageKey(db)).map { ("id = ?", [$0]) }
        }
    }

    /// The long-lived token of a booking's page used in messages (`{endpoint}/b/{token}`).
    public func messageToken(bookingID: Int64) async throws -> String {
        let notifications = notifications
        let key = try await engine.read { db in try notifications.messageKey(db) }
        return MessageToken.make(bookingID: bookingID, key: key)
    }

    /// The booking with this reference (any case, dash optional), or nil. The reference gives the id
    /// (`ReferenceCipher`); one given before v7 is looked up.
    public func booking(reference: String) async throws -> StoredBooking? {
        guard let reference = BookingReference.normalized(reference) else { return nil }
        let notifications = notifications
        let derived = try await fetchBooking { db in
            try notifications.referenceCipher(db).id(for: reference).map { ("id = ? AND reference = ?", [$0, reference]) }
        }
        if let derived { return derived }
        return try await fetchBooking(legacyKey: Schema.legacyReferencePrefix + reference)
    }

    /// Sets the status of a booking, with no transition rules (the state machine comes on top).
    /// - Returns: false if no booking has this reference.
    /// - Throws: `SlotTaken` when moving to a slot-holding status while another booking holds the slot.
    @discardableResult
    public func setStatus(_ status: BookingStatus, reference: String, now: Date) async throws -> Bool {
        guard let booking = try await booking(reference: reference) else { return false }
        let timestamp = Timestamp.string(now)
        do {
            return try await engine.write { db in
                try db.execute("UPDATE booking SET status = ?, updatedAt = ? WHERE id = ?",
                               [status.rawValue, timestamp, booking.id]) > 0
            }
        } catch let error as SQLError where error.isSlotTaken {
            throw SlotTaken(doctor: booking.request.doctor, slot: booking.request.slot)
        }
    }

    /// Up to `limit` free slots of `doctor` after `slot`, within the booking horizon: what to offer on a conflict.
    public func nextFreeSlots(for doctor: Doctor, after slot: Slot, calendar: SlotCalendar,
                              limit: Int = 5) async throws -> [Slot] {
        var found: [Slot] = []
        var from = max(slot.date, calendar.today)
        // The next free slots are most often on the same day or the next: look at two days first, then
        // at a month at a time (a conflict answers at once, and 5 % of the benchmark's requests are one).
        var days = 2
        while found.count < limit, from <= calendar.lastBookableDate {
            let through = from.adding(days: days - 1)
            let taken = try await takenSlots(doctor: doctor.slug, from: from, through: through)
            let free = calendar.freeSlots(for: doctor, from: from, days: days, taken: taken)
            found += free.filter { $0 > slot }.prefix(limit - found.count)
            from = through.adding(days: 1)
            days = SlotCalendar.maxQueryDays
        }
        return found
    }

    /// Number of bookings, all or with one status.
    public func countBookings(status: BookingStatus? = nil) async throws -> Int {
        try await engine.read { db in
            if let status { return try db.value("SELECT count(*) FROM booking WHERE status = ?", [status.rawValue], as: Int.self) ?? 0 }
            return try db.value("SELECT count(*) FROM booking", as: Int.self) ?? 0
        }
    }

    // MARK: Contact messages

    /// Stores a contact message; returns its id.
    public func saveContact(_ message: ContactMessage, now: Date) async throws -> Int64 {
        try await engine.write { db in
            try db.insertReturningID("""
                INSERT INTO contactMessage (name, email, phone, subject, message, language, createdAt, handled)
                VALUES (?, ?, ?, ?, ?, ?, ?, 0)
                """, [message.name, message.email, message.phone, message.subject, message.message, message.language,
                      Timestamp.string(now)])
        }
    }

    public func countContactMessages() async throws -> Int {
        try await engine.read { db in try db.value("SELECT count(*) FROM contactMessage", as: Int.self) ?? 0 }
    }

    // MARK: Health

    /// True if the database answers a trivial query.
    public func isHealthy() async -> Bool {
        (try? await engine.read { db in try db.value("SELECT 1", as: Int.self) }) == 1
    }

    /// The booking a key given before v7 belongs to (`legacyBookingKey`).
    private func fetchBooking(legacyKey key: String) async throws -> StoredBooking? {
        try await fetchBooking { _ in ("id = (SELECT bookingId FROM legacyBookingKey WHERE key = ?)", [key]) }
    }

    /// The booking `filter` selects (an SQL condition and its arguments), the filter made in the same read
    /// (nil: no booking). A row that does not decode gives `UnreadableBooking`, which holds no patient data.
    private func fetchBooking(_ filter: @escaping @Sendable (any SQLConnection) throws -> (String, SQLArguments)?) async throws -> StoredBooking? {
        let record: BookingRecord?
        do {
            record = try await engine.read { db in
                guard let (condition, arguments) = try filter(db) else { return nil }
                return try BookingRecord.fetchAll(db, "SELECT * FROM booking WHERE \(condition)", arguments).first
            }
        } catch is SQLError {
            throw UnreadableBooking(id: nil)
        }
        guard let record else { return nil }
        guard let booking = StoredBooking(record) else { throw UnreadableBooking(id: record.id) }
        return booking
    }
}

/// A booking row that does not decode (edited by hand?).
public struct UnreadableBooking: Error, Hashable, Sendable {
    public var id: Int64?
}

