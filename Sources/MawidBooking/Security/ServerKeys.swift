import Crypto
import Foundation
import MawidStorage

/// Keys derived from the server's secret (`setting.messageSecret`), on either engine. SQLite's migration v4
/// makes the secret; PostgreSQL's schema has none, so the first server to need it makes it.
struct ServerKeys: Sendable {
    let database: AppDatabase

    /// A 256-bit key for `purpose`; see `BookingStore.derivedKey`.
    func derivedKey(for purpose: String) async throws -> SymmetricKey {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: SymmetricKey(data: try await secret()), salt: Array("mawid".utf8),
                               info: Array("mawid \(purpose) v1".utf8), outputByteCount: 32)
    }

    /// The secret's bytes, made (32 random bytes) if the database has none yet.
    /// - Throws: `MissingMessageSecret` if the stored secret is not at least 16 bytes of hexadecimal.
    func secret() async throws -> [UInt8] {
        let key = Schema.messageSecretKey
        let select = "SELECT value FROM setting WHERE key = ?"
        var text = try await database.engine.read { db in try db.value(select, [key], as: String.self) }
        if text == nil {
            let made = Hex.string(SecureRandom.bytes(32))
            // Two servers making it at once: one insert wins, and both read the winner's.
            text = try await database.engine.write { db in
                try db.execute("INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING", [key, made])
                return try db.value(select, [key], as: String.self)
            }
        }
        guard let text, let secret = NotificationHub.bytes(hex: text), secret.count >= 16 else { throw MissingMessageSecret() }
        return secret
    }
}

extension BookingStore {
    /// A 256-bit key for one purpose (e.g. `documents`), derived with HKDF-SHA256 from the server's secret
    /// (`setting.messageSecret`): every server on this database derives the same key, and no two purposes
    /// share one. Never stored.
    public func derivedKey(for purpose: String) async throws -> SymmetricKey {
        try await ServerKeys(database: database).derivedKey(for: purpose)
    }
}
