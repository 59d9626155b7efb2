/// Where and how emails leave by SMTP: the server, its security, and the account to sign in with.
public struct SMTPSettings: Sendable, Hashable {
    public enum Security: String, Sendable, CaseIterable {
        /// Plain connection upgraded with STARTTLS, which the server must offer (port 587): never a silent
        /// fall back to plain text.
        case starttls
        /// TLS from the first byte ("SMTPS", port 465).
        case tls
        /// No TLS: a relay on this machine or the local network only (port 25). No password is sent this way.
        case none

        /// The usual port of this kind of connection.
        public var defaultPort: Int {
            switch self {
            case .starttls: 587
            case .tls: 465
            case .none: 25
            }
        }
    }

    /// The SASL mechanism to sign in with; nil lets libcurl choose among those the server offers.
    public enum Auth: String, Sendable, CaseIterable {
        case plain, login
    }

    public var host: String
    public var port: Int
    public var security: Security
    public var username: String?
    public var password: Secret?
    public var auth: Auth?
    /// A PEM file of the certificate authorities to trust instead of the system's (a private CA).
    public var caFile: String?

    public init(host: String, port: Int? = nil, security: Security = .none, username: String? = nil,
                password: Secret? = nil, auth: Auth? = nil, caFile: String? = nil) {
        self.host = host
        self.port = port ?? security.defaultPort
        self.security = security
        self.username = username
        self.password = password
        self.auth = auth
        self.caFile = caFile
    }

    /// What is wrong (empty when fine), each with the notify config key it is about; `caFile` is read.
    public var problems: [(field: String, message: String)] {
        var problems: [(String, String)] = []
        if host.isEmpty || !(1...65535).contains(port) {
            problems.append(("email.smtp", "give the server as host:port, e.g. smtp.example.dz:587"))
        }
        if username != nil, password == nil {
            problems.append(("email.password", "missing: give password or passwordEnv with the username"))
        }
        if username == nil, password != nil {
            problems.append(("email.username", "missing: the account the password is for"))
        }
        if username != nil, security == .none {
            problems.append(("email.security", "a password is never sent without TLS: use starttls or tls"))
        }
        if let caFile, let problem = TLSFiles.problem(caFile: caFile) { problems.append(("email.caFile", problem)) }
        return problems
    }
}
