import GRDB

/// The accounts told of a doctor's bookings, read once per notifier (so once per batch of bookings) rather
/// than once per booking: a notifier lives inside one transaction, so the list cannot change under it.
final class PracticeRecipients {
    struct Account {
        let id: Int64
        let email: String?
        let phone: String?
        let digest: Bool
        let doctors: Set<String>
    }

    private var accounts: [Account]?

    /// Non-admin accounts of `doctor` that want messages, by id.
    func of(doctor: String, db: Database) throws -> [Account] {
        if accounts == nil {
            accounts = try Row.fetchAll(db, sql: """
                SELECT id, email, phone, notify, doctors FROM account WHERE isAdmin = 0 AND notify <> 'none' ORDER BY id
                """).map { row in
                Account(id: row["id"], email: row["email"], phone: row["phone"],
                        digest: (row["notify"] as String) == NotifyPreference.digest.rawValue,
                        doctors: Set((row["doctors"] as String).split(separator: ",").map(String.init)))
            }
        }
        return accounts!.filter { $0.doctors.contains(doctor) }
    }
}
