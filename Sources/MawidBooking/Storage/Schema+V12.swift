import GRDB

extension Schema {
    /// `document`: files a patient or the practice attached to a booking (`MawidConversation.Documents`):
    /// PDF, JPEG or PNG, encrypted (AES-GCM, a key derived from the server's secret), deleted with the
    /// booking or when their retention ends.
    static func v12(_ db: Database) throws {
        try db.create(table: "document") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("bookingId", .integer).notNull().references("booking", onDelete: .cascade)
            t.column("fromPatient", .boolean).notNull()
            t.column("author", .text).notNull()       // "patient" or an account's login
            t.column("fileName", .text).notNull()
            t.column("mediaType", .text).notNull()    // application/pdf | image/jpeg | image/png
            t.column("size", .integer).notNull()      // bytes, before encryption
            t.column("createdAt", .text).notNull()
            t.column("sealed", .blob).notNull()       // AES-GCM combined: nonce, ciphertext, tag
        }
        try db.create(index: "document_booking", on: "document", columns: ["bookingId", "id"])
    }
}
