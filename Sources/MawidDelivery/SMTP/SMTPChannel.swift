import CCurl
import Foundation

/// Email by SMTP through libcurl: STARTTLS (required, never a plain-text fall back) or TLS from the start, the
/// server's certificate verified (against `caFile` when given), AUTH PLAIN or LOGIN, then one message per
/// connection. A plain relay on this machine works too (`security: none`, no password).
///
/// Errors say which step failed and the server's reply code, never an address, a text or a credential: the
/// server's own words are not kept (servers quote addresses), except libcurl's description of a TLS failure.
public struct SMTPChannel: MessageChannel {
    public var settings: SMTPSettings
    /// `From:` of the emails, e.g. `Mawid <no-reply@mawid.example.dz>`; its address is the envelope sender.
    public var from: String
    /// The name given in EHLO.
    public var heloName: String
    /// Seconds allowed for the whole exchange, connecting included.
    public var timeout: TimeInterval

    public init(settings: SMTPSettings, from: String, heloName: String = "localhost", timeout: TimeInterval = 30) {
        self.settings = settings
        self.from = from
        self.heloName = heloName
        self.timeout = timeout
    }

    public func send(_ message: OutgoingMessage) async throws {
        let text = try EmailFormat.message(message, from: from, lineEnding: "\r\n")
        let recipient = message.recipient
        guard !recipient.hasLineBreak, !recipient.contains("<"), !recipient.contains(">") else {
            throw DeliveryError("invalid recipient address", permanent: true)
        }
        let channel = self
        try await Blocking.run { try channel.deliver(Array(text.utf8), to: recipient) }
    }

    private func deliver(_ text: [UInt8], to recipient: String) throws {
        let transfer = try CurlTransfer()
        let scheme = settings.security == .tls ? "smtps" : "smtp"
        // The URL's path is the name given in EHLO.
        transfer.set(CURLOPT_URL, "\(scheme)://\(HostPort.text(host: settings.host, port: settings.port))/\(heloName)")
        transfer.set(CURLOPT_PROTOCOLS_STR, "smtp,smtps")
        if settings.security == .starttls { transfer.set(CURLOPT_USE_SSL, Int(CURLUSESSL_ALL.rawValue)) }
        if let caFile = settings.caFile {
            transfer.set(CURLOPT_CAINFO, caFile)
            transfer.set(CURLOPT_CAPATH, pointer: nil)  // only the given authorities
        }
        if let username = settings.username, let password = settings.password {
            transfer.set(CURLOPT_USERNAME, username)
            transfer.set(CURLOPT_PASSWORD, password.reveal)
            if let auth = settings.auth { transfer.set(CURLOPT_LOGIN_OPTIONS, "AUTH=" + auth.rawValue.uppercased()) }
        }
        transfer.set(CURLOPT_MAIL_FROM, "<\(EmailFormat.address(from))>")
        transfer.set(CURLOPT_MAIL_RCPT, list: ["<\(recipient)>"])
        let milliseconds = Int(max(timeout, 0.001) * 1000)
        transfer.set(CURLOPT_CONNECTTIMEOUT_MS, milliseconds)
        transfer.set(CURLOPT_TIMEOUT_MS, milliseconds)
        transfer.upload(text)
        let result = transfer.perform()
        if result.code != CURLE_OK { throw failure(result.code, reply: result.reply, message: result.message) }
    }

    /// What went wrong, in words for the outbox; `permanent` when the server refused the recipient for good.
    func failure(_ code: CURLcode, reply: Int, message: String) -> DeliveryError {
        let server = HostPort.text(host: settings.host, port: settings.port)
        let seconds = Int(timeout.rounded())
        switch code {
        case CURLE_COULDNT_RESOLVE_HOST:
            return DeliveryError("SMTP: cannot resolve \(settings.host)")
        case CURLE_COULDNT_CONNECT:
            return DeliveryError("SMTP: cannot connect to \(server) (refused or unreachable)")
        case CURLE_OPERATION_TIMEDOUT:
            return DeliveryError("SMTP: \(server) did not answer within \(seconds) s")
        case CURLE_USE_SSL_FAILED:
            return DeliveryError("SMTP: \(server) does not offer STARTTLS, and security is starttls: nothing was sent in plain text")
        case CURLE_LOGIN_DENIED:
            return DeliveryError("SMTP: \(server) refused the username or password" + (reply > 0 ? " (\(reply))" : ""))
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CONNECT_ERROR, CURLE_SSL_CERTPROBLEM:
            return DeliveryError("SMTP: TLS with \(server) failed: \(Self.tlsDetail(message))")
        case CURLE_SEND_ERROR where (500...599).contains(reply), CURLE_RECV_ERROR where (500...599).contains(reply):
            // Refused at MAIL FROM or RCPT TO with a permanent code: retrying would not help.
            return DeliveryError("SMTP: \(server) refused the message (\(reply))", permanent: true)
        case CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE, CURLE_UPLOAD_FAILED:
            return DeliveryError("SMTP: the connection to \(server) failed during the exchange"
                                 + (reply > 0 ? " (last reply \(reply))" : ""))
        case CURLE_WEIRD_SERVER_REPLY:
            return DeliveryError("SMTP: \(server) answered something else than SMTP")
        default:
            return DeliveryError("SMTP: sending through \(server) failed (libcurl error \(code.rawValue)"
                                 + (reply > 0 ? ", reply \(reply))" : ")"))
        }
    }

    /// libcurl's description of a TLS failure ("SSL certificate problem: certificate has expired"), cut short.
    static func tlsDetail(_ message: String) -> String {
        String(message.filter { !$0.isNewline }.prefix(160))
    }
}
