import GRDB

/// The id and reference of each new booking, given inside the writer's transaction: the id is one more than
/// any given before, so its reference (`ReferenceCipher`) is known before the row is written.
struct BookingKeys {
    private let cipher: ReferenceCipher
    private var nextID: Int64
    /// True when bookings from before v7 keep random references (`legacyBookingKey`) a new one could meet.
    private let hasLegacy: Bool

    init(_ db: Database, cipher: ReferenceCipher) throws {
        self.cipher = cipher
        // `sqlite_sequence` remembers ids of deleted bookings too: those are never given again.
        // Once per batch: prepared once per connection.
        nextID = try Int64.fetchOne(db.cachedStatement(sql: """
            SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'booking'), 0),
                       COALESCE((SELECT MAX(id) FROM booking), 0)) + 1
            """)) ?? 1
        hasLegacy = try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM legacyBookingKey)")) ?? false
    }

    /// The id and reference for the next booking. An id whose reference an older booking has is skipped.
    mutating func next(_ db: Database) throws -> (id: Int64, reference: String) {
        while true {
            let id = nextID
            let reference = cipher.reference(for: id)
            if hasLegacy, try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM legacyBookingKey WHERE key = ?)"),
                                            arguments: [Schema.legacyReferencePrefix + reference]) == true {
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
}
