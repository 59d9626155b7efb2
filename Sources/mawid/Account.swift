import ArgumentParser
import Foundation
import MawidBooking
import MawidSite

/// `mawid account add|list|passwd|remove`: logins of doctors and secretaries for /review.
struct AccountCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "account", abstract: "Manage the logins of the practice area (/review).",
        subcommands: [Add.self, List.self, Passwd.self, Remove.self, Contact.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a login; asks for the password (or reads one line from stdin).",
            discussion: "A secretary may act for several doctors: --doctor amina-benali,karim-haddad. --admin sees all.")
        @Argument(help: "The login, e.g. amina or secretariat.hydra.")
        var login: String
        @Option(help: "Slugs of the doctors this login acts for, comma-separated.")
        var doctor: String?
        @Flag(help: "Sees every doctor's bookings.")
        var admin = false
        @Option(help: "Content folder, to check the doctors' slugs.")
        var content = "content"
        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            if doctor == nil && !admin { throw ValidationError("give --doctor SLUG[,SLUG…] or --admin") }
        }

        func run() async throws {
            let doctors = (doctor ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            if let known = try? ContentLoader(directory: content).load().doctors.map(\.slug) {
                for slug in doctors where !known.contains(slug) {
                    throw ValidationError("no doctor \"\(slug)\" in \(content)/doctors/" +
                                          (Suggest.closest(to: slug, in: known).map { "; did you mean \"\($0)\"?" } ?? ""))
                }
            }
            let password = try readPassword(confirm: true)
            // The first account usually comes before the first `mawid serve`: this one may create the database.
            let store = AccountStore(database: try database.open(create: true))
            let account = try report { try store.add(login: login, password: password, doctors: doctors, isAdmin: admin) }
            print("mawid: created \(account.login)" + (account.isAdmin ? " (admin)" : " for \(account.doctors.joined(separator: ", "))"))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the logins.")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let accounts = try report { try AccountStore(database: database.open()).list() }
            if accounts.isEmpty { print("no account yet: mawid account add LOGIN --doctor SLUG") }
            for account in accounts {
                print("\(account.login)\t\(account.isAdmin ? "admin" : account.doctors.joined(separator: ","))")
            }
        }
    }

    struct Passwd: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change a login's password (its sessions end).")
        @Argument var login: String
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let store = AccountStore(database: try database.open())
            let password = try readPassword(confirm: true)
            try report { try store.setPassword(login: login, password: password) }
            print("mawid: password of \(login) changed")
        }
    }

    struct Contact: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set where a login is told of new requests, cancellations and moves (also in /review/account).",
            discussion: "An empty value removes it: --email ''. Without any option, shows the current settings.")
        @Argument var login: String
        @Option(help: "Email address.")
        var email: String?
        @Option(help: "Mobile phone for SMS, e.g. 0550 12 34 56.")
        var phone: String?
        @Option(help: "immediate (a message each time), digest (one email a day) or none.")
        var notify: String?
        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            if let notify, NotifyPreference(rawValue: notify) == nil {
                throw ValidationError("--notify is immediate, digest or none")
            }
        }

        func run() async throws {
            let notify = self.notify.flatMap(NotifyPreference.init(rawValue:))
            let store = AccountStore(database: try database.open())
            if email != nil || phone != nil || notify != nil {
                try report { try store.setContact(login: login, email: email, phone: phone, notify: notify) }
            }
            guard let account = try store.account(login: login) else {
                FileHandle.standardError.write(Data("mawid: \(AccountError.unknownLogin(login))\n".utf8))
                throw ExitCode(1)
            }
            print("\(account.login)\temail \(account.email ?? "-")\tphone \(account.phone ?? "-")\tnotify \(account.notify.rawValue)"
                  + (account.isAdmin ? "\t(admin: never notified)" : ""))
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a login and its sessions.")
        @Argument var login: String
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try report { try AccountStore(database: database.open()).remove(login: login) }
            print("mawid: removed \(login)")
        }
    }
}

/// Runs `body`, turning account errors into a one-line message and exit code 1.
private func report<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let error as AccountError {
        FileHandle.standardError.write(Data("mawid: \(error)\n".utf8))
        throw ExitCode(1)
    }
}

/// Asks twice without echo on a terminal; otherwise reads one line from stdin.
private func readPassword(confirm: Bool) throws -> String {
    guard isatty(STDIN_FILENO) != 0 else {
        guard let line = readLine(strippingNewline: true), !line.isEmpty else {
            throw ValidationError("no password on standard input")
        }
        return line
    }
    let first = String(cString: getpass("Password: "))
    if confirm {
        let second = String(cString: getpass("Password again: "))
        guard first == second else { throw ValidationError("the two passwords differ") }
    }
    return first
}
