import Crypto
import Foundation
import MawidStorage

/// A table as `mawid db copy` compares it: its row count and a SHA-256 over its rows in key order, each value
/// written with its kind (NULL, integer, real, text, blob) and its length, from `SQLValue`s, so the same rows
/// give the same checksum on SQLite and PostgreSQL.
public struct TableSummary: Sendable, Equatable {
    public let table: String
    public let rows: Int
    /// SHA-256, in hex.
    public let checksum: String
}

/// Sums rows as they are read, page after page.
struct TableChecksum {
    private var hash = SHA256()
    private(set) var rows = 0

    mutating func add(_ page: [[SQLValue]]) {
        for row in page {
            rows += 1
            var bytes: [UInt8] = []
            for value in row { Self.append(value, to: &bytes) }
            hash.update(data: bytes)
        }
    }

    func summary(of table: String) -> TableSummary {
        TableSummary(table: table, rows: rows, checksum: hash.finalize().map { String(format: "%02x", $0) }.joined())
    }

    private static func append(_ value: SQLValue, to bytes: inout [UInt8]) {
        switch value {
        case .null:
            bytes.append(0)
        case .integer(let int):
            bytes.append(1)
            bytes += withUnsafeBytes(of: int.bigEndian, Array.init)
        case .real(let real):
            bytes.append(2)
            bytes += withUnsafeBytes(of: real.bitPattern.bigEndian, Array.init)
        case .text(let text):
            bytes.append(3)
            bytes += withUnsafeBytes(of: UInt64(text.utf8.count).bigEndian, Array.init)
            bytes += text.utf8
        case .blob(let data):
            bytes.append(4)
            bytes += withUnsafeBytes(of: UInt64(data.count).bigEndian, Array.init)
            bytes += data
        }
    }
}
