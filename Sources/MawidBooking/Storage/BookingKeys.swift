import MawidStorage

/// The id and reference of each new booking, given inside the writer's transaction: the id is one more than
/// any given before, so its reference (`ReferenceCipher`) is known before the row is written.
struct BookingKeys {
    private let cipher: ReferenceCipher
    private var nextID: Int64
    /// True when bookings from before v7 keep random references (`legacyBookingKey`) a new one could meet.
    private let hasLegacy: Bool
    /// PostgreSQL: ids taken from `booking`'s identity sequence for this batch, in order.
    private var reserved: [Int64] = []
    private let fromSequence: Bool

    /// - Parameter count: the bookings of the batch (PostgreSQL takes that many ids at once).
    init(_ db: any SQLConnection, cipher: ReferenceCipher, count: Int = 1) throws {
        self.cipher = cipher
        switch db.dialect {
        case .sqlite:
            // `sqlite_sequence` remembers ids of deleted bookings too: those are never given again.
            nextID = try db.value("""
                SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'booking'), 0),
                           COALESCE((SELECT MAX(id) FROM booking), 0)) + 1
                """, as: Int64.self) ?? 1
            fromSequence = false
        case .postgres:
            // Several servers insert: ids come from the table's sequence, never given twice, in one round trip.
            // The writer holds `GroupCommitWriter.postgresLock`, so they are committed in order.
            nextID = 0
            fromSequence = true
            reserved = try Self.take(max(1, count), db)
        }
        hasLegacy = try db.fetchOne("SELECT 1 FROM legacyBookingKey LIMIT 1") != nil
    }

    /// The id and reference for the next booking. An id whose reference an older booking has is skipped.
    mutating func next(_ db: any SQLConnection) throws -> (id: Int64, reference: String) {
        while true {
            if fromSequence {
                if reserved.isEmpty { reserved = try Self.take(1, db) }
                nextID = reserved.removeFirst()
            }
            let id = nextID
            let reference = cipher.reference(for: id)
            if hasLegacy, try db.fetchOne("SELECT 1 FROM legacyBookingKey WHERE key = ?",
                                          [Schema.legacyReferencePrefix + reference]) != nil {
                nextID += 1
                continue
            }
            return (id, reference)
        }
    }

    /// Tells that booking `id` went in: the next one gets the following id. (An insert refused on a taken
    /// slot leaves its id to the next booking of the batch; SQLite's AUTOINCREMENT still counts it, so the
    /// next batch may skip it: ids only grow.)
    mutating func used(_ id: Int64) { nextID = id + 1 }

    /// `count` new ids from `booking`'s sequence, increasing.
    private static func take(_ count: Int, _ db: any SQLConnection) throws -> [Int64] {
        try db.values("SELECT nextval(pg_get_serial_sequence('booking', 'id')) FROM generate_series(1, ?) ORDER BY 1", [count],
                      as: Int64.self)
    }
}
