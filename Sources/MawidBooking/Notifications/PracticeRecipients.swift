import MawidStorage

/// The accounts told of a doctor's bookings, read once per notifier (so once per batch of bookings) rather
/// than once per booking: a notifier lives inside one transaction, so the list cannot change under it.
final class PracticeRecipients {
    private var accounts: [Account]?

    /// Non-admin accounts of `doctor` that want messages, by id.
    func of(doctor: String, db: any SQLConnection) throws -> [Account] {
        if accounts == nil {
            accounts = try db.fetchAll("SELECT * FROM account WHERE isAdmin = 0 AND notify <> 'none' ORDER BY id")
                .compactMap(Self.account)
        }
        return accounts!.filter { $0.doctors.contains(doctor) }
    }

    private static func account(_ row: SQLRow) -> Account? {
        guard let id: Int64 = row["id"], let login: String = row["login"], let created = row["createdAt"].flatMap(Timestamp.date)
        else { return nil }
        return Account(id: id, login: login, isAdmin: row["isAdmin"] ?? false,
                       doctors: (row["doctors"] ?? "").split(separator: ",").map(String.init), createdAt: created,
                       email: row["email"], phone: row["phone"],
                       notify: row["notify"].flatMap(NotifyPreference.init(rawValue:)) ?? .immediate)
    }
}
