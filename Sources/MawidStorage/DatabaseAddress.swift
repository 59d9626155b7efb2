import Foundation

/// What `--db` names: a SQLite file (a path), or a PostgreSQL database (`postgres://user:password@host:5432/name`
/// or `postgresql://…`). The password may also come from `PGPASSWORD` or a `.pgpass` file (`PGPASSFILE`, else
/// `~/.pgpass`), as libpq reads them. `description` never shows the password.
public enum DatabaseAddress: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(Postgres)

    public struct Postgres: Sendable, Equatable {
        public var host: String
        public var port: Int
        public var user: String
        public var password: String?
        public var database: String

        public init(host: String, port: Int = 5432, user: String, password: String? = nil, database: String) {
            self.host = host
            self.port = port
            self.user = user
            self.password = password
            self.database = database
        }
    }

    /// Why a `postgres://` address cannot be used, in words for the command line.
    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        public let description: String

        public init(description: String) { self.description = description }
    }

    /// `text` as given to `--db`; `environment` and `home` for the password (tests give their own).
    public static func parse(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment,
                             home: String = NSHomeDirectory()) throws(Problem) -> DatabaseAddress {
        guard text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") else { return .sqlite(path: text) }
        let example = "write it like postgres://mawid@db.example.dz:5432/mawid (the password from PGPASSWORD or ~/.pgpass)"
        guard let url = URLComponents(string: text), let host = url.host, !host.isEmpty else {
            throw Problem(description: "--db: \(masked(text)) is not a PostgreSQL address: \(example)")
        }
        let database = String(url.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else {
            throw Problem(description: "--db: \(masked(text)) names no database after the host: \(example)")
        }
        guard let user = url.user, !user.isEmpty else {
            throw Problem(description: "--db: \(masked(text)) names no user: \(example)")
        }
        let port = url.port ?? 5432
        guard (1...65535).contains(port) else { throw Problem(description: "--db: port \(port) is not a port number") }
        var postgres = Postgres(host: host, port: port, user: user.removingPercentEncoding ?? user,
                                password: url.password?.removingPercentEncoding, database: database.removingPercentEncoding ?? database)
        if postgres.password == nil { postgres.password = environment["PGPASSWORD"].flatMap { $0.isEmpty ? nil : $0 } }
        if postgres.password == nil {
            let file = environment["PGPASSFILE"] ?? home + "/.pgpass"
            if let text = try? String(contentsOfFile: file, encoding: .utf8) {
                postgres.password = PGPass.password(in: text, host: host, port: port, database: postgres.database, user: postgres.user)
            }
        }
        return .postgres(postgres)
    }

    public var description: String {
        switch self {
        case .sqlite(let path): return path
        case .postgres(let p): return "postgres://\(p.user)\(p.password == nil ? "" : ":***")@\(p.host):\(p.port)/\(p.database)"
        }
    }

    /// `text` with any password replaced by `***` (for messages about an address that did not parse).
    static func masked(_ text: String) -> String {
        guard let at = text.lastIndex(of: "@"), let scheme = text.range(of: "://"), scheme.upperBound < at else { return text }
        let credentials = text[scheme.upperBound..<at]
        guard let colon = credentials.firstIndex(of: ":") else { return text }
        return String(text[..<colon]) + ":***" + String(text[at...])
    }
}

/// The `.pgpass` format: `hostname:port:database:username:password` per line, `*` matching anything, `\:` and
/// `\\` escaped, `#` comments; the first matching line wins.
enum PGPass {
    static func password(in text: String, host: String, port: Int, database: String, user: String) -> String? {
        for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            let fields = split(String(line))
            guard fields.count == 5 else { continue }
            let wanted = [host, String(port), database, user]
            if zip(fields.prefix(4), wanted).allSatisfy({ $0 == "*" || $0 == $1 }) { return fields[4] }
        }
        return nil
    }

    static func split(_ line: String) -> [String] {
        var fields: [String] = [], current = "", escaped = false
        for character in line {
            if escaped { current.append(character); escaped = false }
            else if character == "\\" { escaped = true }
            else if character == ":" { fields.append(current); current = "" }
            else { current.append(character) }
        }
        fields.append(current)
        return fields
    }
}
