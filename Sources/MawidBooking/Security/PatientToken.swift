/// The secret link a patient gets when booking (`{api}/b/{token}`): the booking's id and a random secret,
/// `base64url(id) "." secret`, where the secret is a `BookingToken` (43 characters). Only the secret's
/// SHA-256 is stored (`booking.tokenHash`): the id finds the row, so no index on the hash is needed (every
/// new booking would write one more random page for it).
///
/// Bookings made before migration v7 have a bare `BookingToken` (43 characters, no dot); see
/// `legacyBookingKey`. Message links are `MessageToken`s: the id and a 22-character MAC.
public enum PatientToken {
    /// The token of booking `id` with `secret` (from `BookingToken.generate()`).
    public static func make(id: Int64, secret: String) -> String { MessageToken.encodeID(id) + "." + secret }

    /// The id and secret of a token shaped like `make`'s, or nil.
    public static func parse(_ token: String) -> (id: Int64, secret: String)? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let id = MessageToken.decodeID(parts[0]) else { return nil }
        let secret = String(parts[1])
        return BookingToken.isWellFormed(secret) ? (id, secret) : nil
    }
}
