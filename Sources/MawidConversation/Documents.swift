import Crypto
import Foundation
import MawidStorage
import MawidBooking
import MawidSite

/// Files attached to a booking: a referral letter, a prescription or a test result from the patient, a
/// certificate or a prescription from the practice. PDF, JPEG or PNG, told by their first bytes (never by
/// the name); at most `maxFileSize` a file and `maxBookingSize` a booking. Kept in the booking database,
/// encrypted with AES-GCM under a key derived from the server's secret (`BookingStore.derivedKey`) and bound
/// to their booking; deleted with it, or `retentionDays` after its visit (`purge`). A new file tells the
/// other side that there is one (not what it is).
public struct Documents: Sendable {
    public static let maxFileSize = 10 * 1024 * 1024
    public static let maxBookingSize = 30 * 1024 * 1024
    /// Days after the visit a booking's documents are kept.
    public static let retentionDays = 90

    public let store: BookingStore

    public init(store: BookingStore) { self.store = store }

    /// Why a file was not kept.
    public enum Problem: Error, Sendable, Equatable {
        case noFile
        case wrongType
        case tooBig(size: Int)
        case bookingFull(used: Int)
        case badName
        /// The upload stopped before its end.
        case cut
    }

    /// `application/pdf`, `image/jpeg` or `image/png` from the file's first bytes; nil for anything else.
    public static func mediaType(of bytes: some Collection<UInt8>) -> String? {
        let head = Array(bytes.prefix(8))
        if head.starts(with: Array("%PDF-".utf8)) { return "application/pdf" }
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "image/png" }
        return nil
    }

    /// The name as given if it is a plain file name: no folder (`/`, `\`), no `..`, no control character,
    /// 1 to 120 characters; nil otherwise.
    public static func checkedName(_ name: String) -> String? {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.count <= 120, !trimmed.contains("/"), !trimmed.contains("\\"), !trimmed.contains(".."),
              !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else { return nil }
        return trimmed
    }

    /// The booking's files, oldest first (without their content).
    public func list(bookingID: Int64) async throws -> [DocumentInfo] {
        try await store.database.engine.read { db in
            try db.fetchAll("SELECT \(DocumentInfo.columns) FROM document WHERE bookingId = ? ORDER BY id", [bookingID])
                .map(DocumentInfo.init(row:))
        }
    }

    /// Checks and keeps a file, and tells the other side, in one transaction: all or nothing.
    @discardableResult
    public func add(bookingID: Int64, fromPatient: Bool, author: String, fileName: String, bytes: [UInt8], now: Date) async throws -> DocumentInfo {
        guard !bytes.isEmpty else { throw Problem.noFile }
        guard let name = Self.checkedName(fileName) else { throw Problem.badName }
        guard bytes.count <= Self.maxFileSize else { throw Problem.tooBig(size: bytes.count) }
        guard let type = Self.mediaType(of: bytes) else { throw Problem.wrongType }
        let key = try await store.derivedKey(for: "documents")
        let sealed = try AES.GCM.seal(bytes, using: key, authenticating: Self.binding(bookingID)).combined!
        let stamp = Timestamp.string(now)
        let notice: BookingNotice = fromPatient ? .practice(.patientDocument) : .patient(.practiceDocument)
        return try await store.write(bookingID: bookingID, now: now, key: "b\(bookingID)-d\(stamp)-\(fromPatient ? "p" : "o")") { db in
            let used = try db.value("SELECT coalesce(sum(size), 0) FROM document WHERE bookingId = ?", [bookingID], as: Int.self) ?? 0
            guard used + bytes.count <= Self.maxBookingSize else { throw Problem.bookingFull(used: used) }
            let id = try db.insertReturningID("""
                INSERT INTO document (bookingId, fromPatient, author, fileName, mediaType, size, createdAt, sealed)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, [bookingID, fromPatient, author, name, type, bytes.count, stamp, Data(sealed)])
            let info = DocumentInfo(id: id, bookingID: bookingID, fromPatient: fromPatient, author: author,
                                    fileName: name, mediaType: type, size: bytes.count, createdAt: now)
            return (info, [notice])
        }
    }

    /// A file of the booking and its bytes, decrypted; nil if the booking has no such file.
    public func content(id: Int64, bookingID: Int64) async throws -> (DocumentInfo, [UInt8])? {
        guard let row = try await store.database.engine.read({ db in
            try db.fetchOne("SELECT \(DocumentInfo.columns), sealed FROM document WHERE id = ? AND bookingId = ?",
                             [id, bookingID])
        }) else { return nil }
        let key = try await store.derivedKey(for: "documents")
        let box = try AES.GCM.SealedBox(combined: try row.decode("sealed", as: Data.self))
        let bytes = try AES.GCM.open(box, using: key, authenticating: Self.binding(bookingID))
        return (try DocumentInfo(row: row), Array(bytes))
    }

    /// Deletes the files of bookings whose visit was before `date` (`retentionDays` ago); how many.
    @discardableResult
    public func purge(visitsBefore date: LocalDate) async throws -> Int {
        try await store.database.engine.write { db in
            try db.execute("DELETE FROM document WHERE bookingId IN (SELECT id FROM booking WHERE date < ?)",
                           [date.description])
            return db.changesCount
        }
    }

    /// What the encryption is bound to: a file cannot be moved to another booking.
    static func binding(_ bookingID: Int64) -> [UInt8] { Array("mawid document of booking \(bookingID)".utf8) }
}

/// A booking's file, without its content.
public struct DocumentInfo: Sendable, Equatable {
    public var id: Int64
    public var bookingID: Int64
    public var fromPatient: Bool
    public var author: String
    public var fileName: String
    public var mediaType: String
    public var size: Int
    public var createdAt: Date

    static let columns = "id, bookingId, fromPatient, author, fileName, mediaType, size, createdAt"

    init(id: Int64, bookingID: Int64, fromPatient: Bool, author: String, fileName: String, mediaType: String, size: Int, createdAt: Date) {
        self.id = id
        self.bookingID = bookingID
        self.fromPatient = fromPatient
        self.author = author
        self.fileName = fileName
        self.mediaType = mediaType
        self.size = size
        self.createdAt = createdAt
    }

    init(row: SQLRow) throws {
        self.init(id: try row.decode("id"), bookingID: try row.decode("bookingId"), fromPatient: try row.decode("fromPatient"),
                  author: try row.decode("author"), fileName: try row.decode("fileName"), mediaType: try row.decode("mediaType"),
                  size: try row.decode("size"), createdAt: row["createdAt"].flatMap(Timestamp.date) ?? .distantPast)
    }
}
