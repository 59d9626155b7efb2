import Crypto

/// The long-lived link to a patient's page sent in messages after the first one: the booking's id and an
/// HMAC-SHA256 of it under the server's secret (`setting.messageSecret`, made by migration v4), so nothing
/// but the secret is stored and any server holding the database can check it.
///
/// Format: `base64url(id as big-endian bytes, no leading zero byte) "." base64url(first 16 bytes of the MAC)`,
/// e.g. `AQ.3q2-7wAAAAAAAAAAAAAAAA` (about 27 characters: short enough for an SMS). The MAC covers
/// `"mawid-booking:" + id` in decimal. A booking's creation token (`PatientToken`: the id, a dot and a
/// 43-character secret) is the other kind.
public enum MessageToken {
    static let macBytes = 16
    static let domain = "mawid-booking:"

    /// The HMAC of the server's secret with its key already taken in (a server has one secret: `NotificationHub`
    /// makes this once), copied for each token.
    public struct Key: Sendable {
        fileprivate let prepared: HMAC<SHA256>

        public init(secret: [UInt8]) { prepared = HMAC<SHA256>(key: SymmetricKey(data: secret)) }
    }

    /// The token of booking `id` under `secret`.
    public static func make(bookingID id: Int64, secret: [UInt8]) -> String { make(bookingID: id, key: Key(secret: secret)) }

    public static func make(bookingID id: Int64, key: Key) -> String {
        encodeID(id) + "." + BookingToken.base64URL(mac(id, key))
    }

    /// The booking id a token was made for, if the token is well formed and its MAC is right under `secret`.
    public static func bookingID(in token: String, secret: [UInt8]) -> Int64? { bookingID(in: token, key: Key(secret: secret)) }

    public static func bookingID(in token: String, key: Key) -> Int64? {
        guard let id = unverifiedID(token) else { return nil }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard let given = decodeBase64URL(String(parts[1])) else { return nil }
        return constantTimeEqual(given, mac(id, key)) ? id : nil
    }

    /// The id encoded in a token shaped like a message token, before checking its MAC.
    static func unverifiedID(_ token: String) -> Int64? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[1].utf8.count == 22 else { return nil }
        return decodeID(parts[0])
    }

    /// A booking id as the first part of a token: big-endian bytes without leading zeros, base64url.
    static func encodeID(_ id: Int64) -> String { BookingToken.base64URL(idBytes(id)) }

    /// `encodeID` reversed; nil for anything `encodeID` would not write.
    static func decodeID(_ part: Substring) -> Int64? {
        guard part.utf8.count <= 11, let bytes = decodeBase64URL(String(part)), (1...8).contains(bytes.count), bytes[0] != 0
        else { return nil }
        let value = bytes.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        guard value <= UInt64(Int64.max), idBytes(Int64(value)) == bytes else { return nil }
        return Int64(value)
    }

    /// The first 16 bytes of HMAC-SHA256 (swift-crypto) of `"mawid-booking:" + id` under the secret.
    private static func mac(_ id: Int64, _ key: Key) -> [UInt8] {
        var hmac = key.prepared
        hmac.update(data: Array((domain + String(id)).utf8))
        return Array(hmac.finalize().prefix(macBytes))
    }

    /// Compares two MACs in time that depends only on their length (swift-crypto's own comparison is for whole
    /// codes; these are truncated).
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0
    }

    private static func idBytes(_ id: Int64) -> [UInt8] {
        let value = UInt64(max(id, 0))
        let bytes = (0..<8).reversed().map { UInt8(truncatingIfNeeded: value >> UInt64($0 * 8)) }
        let trimmed = Array(bytes.drop { $0 == 0 })
        return trimmed.isEmpty ? [0] : trimmed
    }

    /// RFC 4648 §5 without padding; nil for other characters, impossible lengths or non-canonical trailing bits.
    static func decodeBase64URL(_ text: String) -> [UInt8]? {
        let table = Array(BookingToken.alphabet.utf8)
        var values: [UInt8] = []
        for byte in text.utf8 {
            guard let index = table.firstIndex(of: byte) else { return nil }
            values.append(UInt8(index))
        }
        guard values.count % 4 != 1 else { return nil }
        var out: [UInt8] = []
        var buffer = 0, bits = 0
        for value in values {
            buffer = buffer << 6 | Int(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: buffer >> bits))
                buffer &= (1 << bits) - 1
            }
        }
        guard buffer == 0 else { return nil }  // leftover bits must be zero: one spelling per value
        return out
    }
}
