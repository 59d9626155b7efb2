import MawidStorage

/// The accounts told of a doctor's bookings, read once per notifier (so once per batch of bookings) rather
/// than once per booking: a notifier lives inside one transaction, so the list cannot change under it.
final class PracticeRecipients {
    private var accounts: [Account]?

    /// Non-admin accounts of `doctor` that want messages, by id.
    func of(doctor: String, db: any SQLConnection) throws -> [Account] {
        if accounts == nil {
            accounts = try db.fetchAll("SELECT * FROM account WHERE isAdmin = 0 AND notify <> 'none' ORDER BY id")
                .compactMap { try AccountRecord(row: $0).account }
        }
        return accounts!.filter { $0.doctors.contains(doctor) }
    }
}
