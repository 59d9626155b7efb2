import Foundation
import MawidStorage
import MawidSite

extension AccountStore {
    /// Sets where an account is told of its doctors' new requests, cancellations and moves. Nil keeps the
    /// current value, an empty text removes it. The phone is stored in E.164.
    /// - Throws: `AccountError` (unknown login, bad email or phone); database errors.
    public func setContact(login: String, email: String?, phone: String?, notify: NotifyPreference? = nil) throws {
        let login = AccountRules.normalizedLogin(login)
        let email = email?.trimmingCharacters(in: .whitespaces)
        let phone = phone?.trimmingCharacters(in: .whitespaces)
        if let email, !email.isEmpty, !EmailAddress.isValid(email) { throw AccountError.invalidEmail(email) }
        var number: String?
        if let phone, !phone.isEmpty {
            guard let normalized = PhoneNumber.normalized(phone) else { throw AccountError.invalidPhone(phone) }
            number = normalized
        }
        let found = try database.engine.writeBlocking { [number] db in
            guard let row = try db.fetchOne("SELECT id, email, phone, notify FROM account WHERE login = ?", [login]) else {
                return false
            }
            var newEmail: String? = row["email"], newPhone: String? = row["phone"], newNotify: String = try row.decode("notify")
            if let email { newEmail = email.isEmpty ? nil : email }
            if phone != nil { newPhone = number }
            if let notify { newNotify = notify.rawValue }
            try db.execute("UPDATE account SET email = ?, phone = ?, notify = ? WHERE id = ?",
                           [newEmail, newPhone, newNotify, try row.decode("id", as: Int64.self)])
            return true
        }
        if !found { throw AccountError.unknownLogin(login) }
    }
}
