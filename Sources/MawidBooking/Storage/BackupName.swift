import Foundation

/// The name of a backup file: `mawid-20261203T183000Z.sqlite`, the UTC second it was taken; a second backup
/// in the same second is `mawid-20261203T183000Z-2.sqlite`. Rotation (`DatabaseBackup.prune`) touches only
/// files with such names.
public struct BackupName: Comparable, Hashable, Sendable, CustomStringConvertible {
    /// When the backup was taken, to the second.
    public let time: Date
    /// 1 for the first backup of that second, then 2, 3…
    public let sequence: Int

    public init(time: Date, sequence: Int = 1) {
        self.time = Date(timeIntervalSince1970: time.timeIntervalSince1970.rounded(.down))
        self.sequence = sequence
    }

    /// Parses a file name; nil for any other file.
    public init?(fileName: String) {
        guard fileName.hasPrefix("mawid-"), fileName.hasSuffix(".sqlite") else { return nil }
        let stem = fileName.dropFirst("mawid-".count).dropLast(".sqlite".count)
        let parts = stem.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count <= 2, let time = Self.date(compact: String(parts[0])) else { return nil }
        var sequence = 1
        if parts.count == 2 {
            guard let number = Int(parts[1]), number >= 2, String(number) == parts[1] else { return nil }
            sequence = number
        }
        self.init(time: time, sequence: sequence)
    }

    public var fileName: String {
        "mawid-" + Self.compact(time) + (sequence > 1 ? "-\(sequence)" : "") + ".sqlite"
    }

    public var description: String { fileName }

    public static func < (a: BackupName, b: BackupName) -> Bool {
        (a.time, a.sequence) < (b.time, b.sequence)
    }

    /// `20261203T183000Z`: a timestamp without separators (file names, `.before-restore-…`).
    public static func compact(_ date: Date) -> String {
        Timestamp.string(date).filter { $0 != "-" && $0 != ":" }
    }

    /// The date of a `compact` string, or nil.
    static func date(compact text: String) -> Date? {
        let c = Array(text)
        guard c.count == 16 else { return nil }
        let iso = String(c[0..<4]) + "-" + String(c[4..<6]) + "-" + String(c[6..<9]) + String(c[9..<11]) + ":"
            + String(c[11..<13]) + ":" + String(c[13...])
        // Only the one spelling `compact` writes: digits, no second 61, no month 13.
        return Timestamp.date(iso).flatMap { compact($0) == text ? $0 : nil }
    }
}
