import Foundation
import MawidStorage

/// What `BookingStore` and its group-commit writer share about messages: the context (set by the server,
/// possibly after the store was made) and the server secret of message links, read once from `setting`,
/// with the references' cipher made from it.
final class NotificationHub: @unchecked Sendable {
    private let lock = NSLock()
    private var storedContext: MessageContext?
    private var storedSecret: [UInt8]?
    private var storedCipher: ReferenceCipher?
    private var storedMessageKey: MessageToken.Key?
    private var storedComposer: MessageComposer?

    init(context: MessageContext?) { storedContext = context }

    var context: MessageContext? {
        get { lock.withLock { storedContext } }
        set { lock.withLock { storedContext = newValue } }
    }

    /// Set while a `MessageComposer` runs: new bookings then leave their creation messages to it.
    var composer: MessageComposer? {
        get { lock.withLock { storedComposer } }
        set { lock.withLock { storedComposer = newValue } }
    }

    /// The secret of `MessageToken`s (made by migration v4).
    func secret(_ db: any SQLConnection) throws -> [UInt8] {
        if let secret = lock.withLock({ storedSecret }) { return secret }
        guard let text = try db.value("SELECT value FROM setting WHERE key = ?", [Schema.messageSecretKey], as: String.self),
              let secret = Self.bytes(hex: text), secret.count >= 16
        else { throw MissingMessageSecret() }
        lock.withLock { storedSecret = secret }
        return secret
    }

    /// The cipher of booking references (`ReferenceCipher`), made once from the secret.
    func referenceCipher(_ db: any SQLConnection) throws -> ReferenceCipher {
        if let cipher = lock.withLock({ storedCipher }) { return cipher }
        let cipher = ReferenceCipher(secret: try secret(db))
        lock.withLock { storedCipher = cipher }
        return cipher
    }

    /// The key of message links (`MessageToken`), made once from the secret.
    func messageKey(_ db: any SQLConnection) throws -> MessageToken.Key {
        if let key = lock.withLock({ storedMessageKey }) { return key }
        let key = MessageToken.Key(secret: try secret(db))
        lock.withLock { storedMessageKey = key }
        return key
    }

    /// A notifier for one transaction, or nil when no context is set (no message is then written).
    func notifier(_ db: any SQLConnection, now: Date) throws -> BookingNotifier? {
        guard let context else { return nil }
        return BookingNotifier(context: context, messageKey: try messageKey(db), now: now, db: db)
    }

    static func bytes(hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let byte = UInt8(String(decoding: digits[index...index + 1], as: UTF8.self), radix: 16) else { return nil }
            out.append(byte)
        }
        return out
    }
}

/// The `setting` table has no message secret (the database was edited by hand?).
public struct MissingMessageSecret: Error, Hashable, Sendable {}
