import GRDB

extension Schema {
    /// `rating`: one per booking, given by its patient after a visit marked done (`MawidConversation.Ratings`);
    /// the practice publishes or hides it (the reason kept) and the doctor may answer publicly.
    static func v13(_ db: Database) throws {
        try db.create(table: "rating") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("bookingId", .integer).notNull().unique().references("booking", onDelete: .cascade)
            t.column("doctor", .text).notNull().indexed()
            t.column("stars", .integer).notNull()
            t.column("comment", .text)
            t.column("createdAt", .text).notNull()
            t.column("state", .text).notNull()         // pending | published | hidden
            t.column("moderatedBy", .text)
            t.column("moderatedAt", .text)
            t.column("hiddenReason", .text)
            t.column("reply", .text)
            t.column("repliedBy", .text)
        }
    }
}
