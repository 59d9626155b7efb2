import Crypto
import Foundation
import MawidStorage

extension BookingStore {
    /// A 256-bit key for one purpose (e.g. `documents`), derived with HKDF-SHA256 from the server's secret
    /// (`setting.messageSecret`): every server on this database derives the same key, and no two purposes
    /// share one. Never stored.
    public func derivedKey(for purpose: String) async throws -> SymmetricKey {
        let notifications = notifications
        let secret = try await database.engine.read { db in try notifications.secret(db) }
        return HKDF<SHA256>.deriveKey(inputKeyMaterial: SymmetricKey(data: secret), salt: Array("mawid".utf8),
                                      info: Array("mawid \(purpose) v1".utf8), outputByteCount: 32)
    }
}
