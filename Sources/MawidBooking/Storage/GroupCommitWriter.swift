import Dispatch
import Foundation
import MawidStorage
import Synchronization

/// Inserts bookings in batches: concurrent `create` calls share one transaction, hence one fsync.
///
/// Callers queue up; one drain loop on its own dispatch queue takes up to `maxBatch` of them, inserts each
/// (with its audit row; a slot conflict fails only that caller), commits, and only then resumes every caller
/// (at its `ResumePlace`, if it named one).
/// A lock and a plain queue rather than an actor: each booking then costs no extra task hops.
final class GroupCommitWriter: Sendable {
    struct Insert: Sendable {
        var request: BookingRequest
        var tokenHash: String
        var now: Date
        /// `now` as stored (`Timestamp`).
        var timestamp: String
        var status: BookingStatus = .pending
        var source: BookingSource = .web
        /// Written to the audit trail with the booking, in the same savepoint.
        var actor: String = AuditEvent.patientActor
        var auditAction: String = "create"

        /// The row to insert, with the id and reference `BookingKeys` gave.
        func record(id: Int64, reference: String) -> BookingRecord {
            var record = BookingRecord(request, reference: reference, tokenHash: tokenHash, status: status, source: source,
                                       at: timestamp)
            record.id = id
            return record
        }
    }

    private enum Job {
        case insert(Insert, CheckedContinuation<Result<InsertResult, any Error>, Never>, (any ResumePlace)?)
        /// Rows `MessageComposer` rendered for bookings up to `through` (see `submit`).
        case messages(ComposedMessages, done: @Sendable ((any Error)?) -> Void)
    }

    struct InsertResult: Sendable {
        var id: Int64
        var reference: String
    }

    private struct State {
        var queue: [Job] = []
        var draining = false
        var transactions = 0

        /// True if the caller must start the drain loop.
        mutating func startDraining() -> Bool {
            if draining { return false }
            draining = true
            return true
        }
    }

    static let maxBatch = 256

    private let engine: any SQLDatabase
    private let notifications: NotificationHub
    private let metrics: MawidMetrics
    private let state = Mutex(State())
    private let drainQueue = DispatchQueue(label: "mawid.group-commit")

    init(engine: any SQLDatabase, notifications: NotificationHub, metrics: MawidMetrics = .disabled) {
        self.engine = engine
        self.notifications = notifications
        self.metrics = metrics
    }

    /// Committed transactions, for tests.
    var transactions: Int { state.withLock { $0.transactions } }

    /// Inserts one booking; returns once its batch is committed.
    func insert(_ insert: Insert, resumeOn place: (any ResumePlace)? = nil) async throws -> InsertResult {
        let result = await withCheckedContinuation { continuation in
            let startDrain = state.withLock { state in
                state.queue.append(.insert(insert, continuation, place))
                return state.startDraining()
            }
            if startDrain { drainQueue.async { self.drain() } }
        }
        return try result.get()
    }

    /// Inserts rows rendered outside the writer and moves `BookingCursor.creation` to `messages.through`, in the next
    /// batch's transaction; blocks until it is committed. Rows of bookings the cursor has passed meanwhile (a
    /// change wrote them first) are left out.
    func submit(_ messages: ComposedMessages) throws {
        final class Outcome: @unchecked Sendable {  // written before `finished` is signalled, read after
            let finished = DispatchSemaphore(value: 0)
            var error: (any Error)?
        }
        let outcome = Outcome()
        let startDrain = state.withLock { state in
            state.queue.append(.messages(messages, done: { error in
                outcome.error = error
                outcome.finished.signal()
            }))
            return state.startDraining()
        }
        if startDrain { drainQueue.async { self.drain() } }
        outcome.finished.wait()
        if let error = outcome.error { throw error }
    }

    /// Runs on `drainQueue` until the queue is empty; calls arriving meanwhile go into the next batch.
    private func drain() {
        while true {
            let batch: [Job] = state.withLock { state in
                let batch = Array(state.queue.prefix(Self.maxBatch))
                state.queue.removeFirst(batch.count)
                if batch.isEmpty { state.draining = false }
                return batch
            }
            if batch.isEmpty { return }
            let composer = notifications.composer
            let notifications = notifications
            var results: [Result<InsertResult, any Error>?] = []
            var error: (any Error)?
            do {
                let bookings: Int
                (results, bookings) = try engine.writeBlocking { db in
                    // New bookings write their creation messages here, unless a composer runs.
                    let notifier = composer == nil ? try notifications.notifier(db, now: Date()) : nil
                    // PostgreSQL: one server's batch at a time, so bookings commit in id order, as the background
                    // tasks that follow a cursor through the ids expect (SQLite has one writer anyway).
                    if db.dialect == .postgres { try db.execute("SELECT pg_advisory_xact_lock(\(Self.postgresLock))") }
                    let count = batch.count { if case .insert = $0 { true } else { false } }
                    var keys = try BookingKeys(db, cipher: notifications.referenceCipher(db), count: count)
                    let results = db.dialect == .postgres
                        ? try Self.insertAll(batch, db: db, notifier: notifier, keys: &keys)
                        : try batch.map { job -> Result<InsertResult, any Error>? in
                            switch job {
                            case .insert(let insert, _, _):
                                return try Self.insertOne(insert, db: db, notifier: notifier?.at(insert.now), keys: &keys)
                            case .messages(let messages, _):
                                try messages.apply(db)
                                return nil
                            }
                        }
                    let inserted = results.compactMap { result -> Int64? in
                        if case .success(let row)? = result { row.id } else { nil }
                    }
                    if composer == nil, let first = inserted.first, let last = inserted.last {
                        try BookingCursor.creation.step(db, from: first - 1, to: last)
                    }
                    return (results, inserted.count)
                }
                state.withLock { $0.transactions += 1 }
                // Once per batch, before any caller hears back; composed messages alone are no batch of bookings.
                if bookings > 0 { metrics.batchCommitted(bookings: bookings) }
            } catch let failure {
                error = failure  // nothing of this batch was committed
            }
            var insertedAny = false
            var elsewhere: [ObjectIdentifier: (place: any ResumePlace, resumes: [@Sendable () -> Void])] = [:]
            for (index, job) in batch.enumerated() {
                switch job {
                case .insert(_, let continuation, let place):
                    let result = error.map { .failure($0) } ?? results[index]!
                    if case .success = result { insertedAny = true }
                    if let place {
                        elsewhere[place.id, default: (place, [])].resumes.append { continuation.resume(returning: result) }
                    } else {
                        continuation.resume(returning: result)
                    }
                case .messages(_, let done):
                    done(error)
                }
            }
            for (place, resumes) in elsewhere.values {
                place.execute { for resume in resumes { resume() } }
            }
            if insertedAny { composer?.wake() }
        }
    }

    /// Inserts one booking with its audit row, then the messages it causes (`notifier`). A taken slot fails
    /// this caller only; any other error aborts the whole transaction.
    private static func insertOne(_ insert: Insert, db: any SQLConnection, notifier: BookingNotifier?,
                                  keys: inout BookingKeys) throws -> Result<InsertResult, any Error> {
        let (id, reference) = try keys.next(db)
        let record = insert.record(id: id, reference: reference)
        // `ON CONFLICT DO NOTHING` writes nothing when a unique index holds the row back: the taken slot, the
        // usual case, is not an error (an error would end the transaction on PostgreSQL, and make SQLite
        // prepare the statement again). Any error is the batch's.
        guard try Self.insertBooking(record, db: db) == 1 else {
            guard try SlotHolder.exists(db, doctor: insert.request.doctor, slot: insert.request.slot) else {
                // The id, then (nothing else of a new booking is unique): cannot happen inside the writer's
                // transaction, but should it, the next booking takes the following id.
                keys.used(id)
                return .failure(SQLError.uniqueViolation(index: "booking id \(id) in use"))
            }
            return .failure(SlotTaken(doctor: insert.request.doctor, slot: insert.request.slot))
        }
        keys.used(id)
        var audit = AuditRecord(bookingId: id, actor: insert.actor, action: insert.auditAction, from: nil, to: insert.status,
                                at: insert.timestamp)
        try audit.insert(db)
        // The messages it causes (outbox rows never conflict). The booking is in already: any error here is
        // thrown, so the whole batch rolls back and no caller is told "booked".
        try notifier?.created(record, auditID: audit.id!)
        return .success(InsertResult(id: id, reference: reference))
    }
}

extension GroupCommitWriter {
    /// PostgreSQL: the batch's bookings in one statement, then their audit rows in another, so a batch costs two
    /// round trips to the server rather than two per booking; then the messages they cause and the composed
    /// messages. A booking the slot index held back fails its caller only.
    private static func insertAll(_ batch: [Job], db: any SQLConnection, notifier: BookingNotifier?,
                                  keys: inout BookingKeys) throws -> [Result<InsertResult, any Error>?] {
        var records: [(index: Int, insert: Insert, record: BookingRecord)] = []
        for (index, job) in batch.enumerated() {
            guard case .insert(let insert, _, _) = job else { continue }
            let (id, reference) = try keys.next(db)
            records.append((index, insert, insert.record(id: id, reference: reference)))
        }
        var booked: Set<Int64> = []
        if !records.isEmpty {
            booked = Set(try db.values(insertBookingsSQL(rows: records.count) + " RETURNING id",
                                       SQLArguments(values: records.flatMap { values($0.record).values }), as: Int64.self))
        }
        let audits = records.filter { booked.contains($0.record.id!) }
        var auditIDs: [Int64: Int64] = [:]
        if !audits.isEmpty {
            let rows = Array(repeating: "(?, ?, ?, NULL, ?, ?)", count: audits.count).joined(separator: ", ")
            let arguments = SQLArguments(audits.flatMap { entry -> [(any SQLValueConvertible)?] in
                [entry.record.id, entry.insert.actor, entry.insert.auditAction, entry.insert.status.rawValue, entry.insert.timestamp]
            })
            for row in try db.fetchAll("""
                INSERT INTO auditEvent (bookingId, actor, action, fromStatus, toStatus, at) VALUES \(rows) RETURNING bookingId, id
                """, arguments) {
                auditIDs[try row.decode("bookingId")] = try row.decode("id")
            }
        }
        var results = [Result<InsertResult, any Error>?](repeating: nil, count: batch.count)
        for (index, insert, record) in records {
            if let auditID = auditIDs[record.id!] {
                try notifier?.at(insert.now).created(record, auditID: auditID)
                results[index] = .success(InsertResult(id: record.id!, reference: record.reference))
            } else {
                // Ids come from the sequence and references from the ids: the slot index is what held it back.
                results[index] = .failure(SlotTaken(doctor: insert.request.doctor, slot: insert.request.slot))
            }
        }
        for case .messages(let messages, _) in batch { try messages.apply(db) }
        return results
    }

    /// The columns `values` gives, in its order.
    static let bookingColumns = ["id", "reference", "tokenHash", "doctor", "date", "time", "status", "patientName", "phone",
                                 "email", "forWhom", "relativeName", "relativeBirthdate", "reason", "language", "createdAt",
                                 "updatedAt", "source"]

    /// `rows` new bookings, each left out when a unique index holds it back.
    static func insertBookingsSQL(rows: Int) -> String {
        let row = bookingColumns.sqlPlaceholders
        return "INSERT INTO booking (\(bookingColumns.joined(separator: ", "))) VALUES "
            + Array(repeating: row, count: rows).joined(separator: ", ") + " ON CONFLICT DO NOTHING"
    }

    /// The hot path of every booking (SQLite prepares it once per connection).
    static let insertBookingSQL = insertBookingsSQL(rows: 1)

    /// The key of the advisory lock a batch of new bookings holds on PostgreSQL ("bookings" in ASCII).
    static let postgresLock: Int64 = 0x62_6f_6f_6b_69_6e_67_73

    /// Inserts the booking unless a unique index holds it back; returns 1 if it went in, else 0.
    static func insertBooking(_ r: BookingRecord, db: any SQLConnection) throws -> Int {
        try db.execute(insertBookingSQL, values(r))
    }

    /// `insertBookingSQL`'s arguments.
    static func values(_ r: BookingRecord) -> SQLArguments {
        [r.id, r.reference, r.tokenHash, r.doctor, r.date, r.time, r.status, r.patientName, r.phone, r.email, r.forWhom,
         r.relativeName, r.relativeBirthdate, r.reason, r.language, r.createdAt, r.updatedAt, r.source]
    }
}
