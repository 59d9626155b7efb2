import GRDB

extension Schema {
    /// References are derived with FF1 on AES (`ReferenceCipher`) from v8 on, instead of the SipHash Feistel
    /// network of v7. The references already given stay the bookings' own (the `reference` column keeps them);
    /// this makes them findable through `legacyBookingKey`, as the random ones from before v7 already are
    /// (those are there already: `OR IGNORE`). Patient links and message links need nothing: their SHA-256 and
    /// HMAC-SHA256 are the same functions, now from swift-crypto.
    static func v8(_ db: Database) throws {
        try db.execute(sql: """
            INSERT OR IGNORE INTO legacyBookingKey (key, bookingId)
            SELECT '\(legacyReferencePrefix)' || reference, id FROM booking
            """)
    }
}
