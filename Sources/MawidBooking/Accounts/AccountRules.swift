import Foundation

/// What logins, passwords and doctor lists of accounts must look like.
public enum AccountError: Error, Hashable, Sendable {
    /// 3 to 40 characters among a-z, 0-9, `.`, `_`, `-`.
    case invalidLogin
    /// Fewer than `AccountRules.minPasswordLength` characters.
    case passwordTooShort
    /// More than `AccountRules.maxPasswordBytes` bytes of UTF-8 (bcrypt ignores the rest).
    case passwordTooLong
    /// Control characters (bcrypt stops at a NUL).
    case invalidPasswordCharacters
    /// Not a doctor slug (lowercase letters, digits and hyphens).
    case invalidDoctor(String)
    case loginTaken(String)
    case unknownLogin(String)
    /// Not an email address.
    case invalidEmail(String)
    /// Not a phone number (Algerian, or international with +).
    case invalidPhone(String)
}

extension AccountError: CustomStringConvertible {
    /// A sentence saying what to fix, for the command line.
    public var description: String {
        switch self {
        case .invalidLogin:
            "A login has 3 to 40 characters: lowercase letters, digits, dots, underscores and hyphens."
        case .passwordTooShort:
            "The password is too short: use at least \(AccountRules.minPasswordLength) characters."
        case .passwordTooLong:
            "The password is too long: use at most \(AccountRules.maxPasswordBytes) bytes (about as many letters)."
        case .invalidPasswordCharacters:
            "The password contains invisible control characters: retype it."
        case .invalidDoctor(let slug):
            "\"\(slug)\" is not a doctor slug: use the doctor's file name, like amina-benali."
        case .loginTaken(let login):
            "The login \"\(login)\" is taken: choose another one."
        case .unknownLogin(let login):
            "No account has the login \"\(login)\"."
        case .invalidEmail(let text):
            "\"\(text)\" is not an email address: write it like secretariat@example.dz."
        case .invalidPhone(let text):
            "\"\(text)\" is not a phone number: write it like 0550 12 34 56 or +213 550 12 34 56."
        }
    }
}

public enum AccountRules {
    public static let minPasswordLength = 10
    /// bcrypt reads at most 72 bytes.
    public static let maxPasswordBytes = 72
    static let loginLength = 3...40

    /// A login as typed, trimmed and lowercased (what is stored and looked up).
    public static func normalizedLogin(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespaces).lowercased()
    }

    /// The normalized login, if valid.
    public static func validLogin(_ text: String) throws(AccountError) -> String {
        let login = normalizedLogin(text)
        guard loginLength.contains(login.unicodeScalars.count),
              login.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0) })
        else { throw .invalidLogin }
        return login
    }

    public static func checkPassword(_ password: String) throws(AccountError) {
        if FormText.hasControlCharacters(password) { throw .invalidPasswordCharacters }
        if password.count < minPasswordLength { throw .passwordTooShort }
        if password.utf8.count > maxPasswordBytes { throw .passwordTooLong }
    }

    /// False for text `add` would refuse for its characters or length: no stored password can match it.
    static func couldBeStored(_ password: String) -> Bool {
        !FormText.hasControlCharacters(password) && password.utf8.count <= maxPasswordBytes
    }

    /// The slugs trimmed, without duplicates, in order.
    public static func validDoctors(_ doctors: [String]) throws(AccountError) -> [String] {
        var result: [String] = []
        for text in doctors {
            let slug = text.trimmingCharacters(in: .whitespaces)
            guard !slug.isEmpty, slug.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" })
            else { throw .invalidDoctor(text) }
            if !result.contains(slug) { result.append(slug) }
        }
        return result
    }
}
