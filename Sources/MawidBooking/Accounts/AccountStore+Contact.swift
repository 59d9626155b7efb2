import Foundation
import GRDB
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
        let found = try database.dbWriter.write { [number] db in
            guard var record = try AccountRecord.filter(Column("login") == login).fetchOne(db) else { return false }
            if let email { record.email = email.isEmpty ? nil : email }
            if phone != nil { record.phone = number }
            if let notify { record.notify = notify.rawValue }
            try record.update(db)
            return true
        }
        if !found { throw AccountError.unknownLogin(login) }
    }
}
