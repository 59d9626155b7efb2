import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// SMS through an HTTP gateway with AsyncHTTPClient: one `POST` per message to an `https://` URL (certificate
/// verified, against `caFile` when given) or an `http://` one, over pooled connections, with the configured
/// headers, basic authentication, an `Idempotency-Key` header and a body made from a template. Any 2xx answer
/// means sent; redirects are not followed.
///
/// In the body template, `{{to}}` (E.164), `{{text}}` and `{{id}}` (the idempotency key) are replaced by
/// values escaped for the content type: JSON string contents (write the quotes in the template:
/// `{"to": "{{to}}", "text": "{{text}}", "ref": "{{id}}"}`) or form-encoded values.
public struct HTTPSMSChannel: MessageChannel {
    public var settings: SMSGatewaySettings
    /// Seconds allowed for the whole request, connecting and the TLS handshake included.
    public var timeout: TimeInterval
    private let tls: TLSConfiguration?

    public init(settings: SMSGatewaySettings, timeout: TimeInterval = 30) {
        self.settings = settings
        self.timeout = timeout
        if let caFile = settings.caFile {
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.trustRoots = .file(caFile)
            self.tls = tls
        } else {
            tls = nil
        }
    }

    /// One client for the process: it keeps connections to the gateway open between messages. Never shut down
    /// (like `HTTPClient.shared`), so it lives as long as the process.
    static let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup,
                                   configuration: .init(redirectConfiguration: .disallow,
                                                        timeout: .init(connect: .seconds(30)),
                                                        decompression: .disabled))

    public func send(_ message: OutgoingMessage) async throws {
        guard let target = SMSGatewaySettings.target(settings.url) else {
            throw DeliveryError("the SMS gateway URL is not an http:// or https:// URL", permanent: true)
        }
        let server = HostPort.text(host: target.host, port: target.port)
        var request = HTTPClientRequest(url: settings.url)
        request.method = .POST
        request.tlsConfiguration = tls
        for (name, value) in settings.headers.sorted(by: { $0.key < $1.key }) { request.headers.add(name: name, value: value) }
        if let auth = settings.basicAuth {
            request.headers.replaceOrAdd(name: "Authorization",
                                         value: "Basic " + Data((auth.user + ":" + auth.password.reveal).utf8).base64EncodedString())
        }
        request.headers.replaceOrAdd(name: "Content-Type", value: settings.contentType)
        request.headers.replaceOrAdd(name: "Idempotency-Key", value: message.idempotencyKey)
        request.headers.replaceOrAdd(name: "User-Agent", value: "Mawid")
        let body = Placeholders.fill(settings.bodyTemplate) { name in
            switch name {
            case "to": escape(message.recipient)
            case "text": escape(message.body)
            case "id": escape(message.idempotencyKey)
            default: ""
            }
        }
        request.body = .bytes(ByteBuffer(string: body))

        let status: Int
        do {
            let response = try await Self.client.execute(request, timeout: .milliseconds(Int64(max(timeout, 0.001) * 1000)))
            status = Int(response.status.code)
            for try await _ in response.body {}  // read to the end: the connection goes back to the pool
        } catch {
            throw failure(error, server: server)
        }
        guard (200...299).contains(status) else {
            let permanent = (400...499).contains(status) && status != 408 && status != 429
            throw DeliveryError("the SMS gateway \(server) answered \(status)", permanent: permanent)
        }
    }

    /// Why a request got no answer, in words for the outbox: never the URL (it may hold a key), a header or a text.
    func failure(_ error: any Error, server: String) -> DeliveryError {
        let seconds = Int(timeout.rounded())
        switch error {
        case let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout:
            return DeliveryError("the SMS gateway \(server) did not answer within \(seconds) s")
        case let error as HTTPClientError where error == .connectTimeout || error == .tlsHandshakeTimeout:
            return DeliveryError("cannot connect to the SMS gateway \(server) within \(seconds) s")
        case let error as HTTPClientError where error == .remoteConnectionClosed:
            return DeliveryError("the SMS gateway \(server) closed the connection before answering")
        case is NIOSSLError, is BoringSSLError, is NIOSSLExtraError:
            return DeliveryError("TLS with the SMS gateway \(server) failed: \(Self.tlsDetail(error))")
        case is NIOConnectionError:
            return DeliveryError("cannot connect to the SMS gateway \(server) (refused or unreachable)")
        case let error as IOError where [ECONNREFUSED, EHOSTUNREACH, ENETUNREACH].contains(error.errnoCode):
            return DeliveryError("cannot connect to the SMS gateway \(server) (refused or unreachable)")
        case let error as IOError:
            return DeliveryError("the connection to the SMS gateway \(server) failed (\(error.description))")
        case let error as HTTPClientError:
            return DeliveryError("the request to the SMS gateway \(server) failed (\(error.description))")
        default:
            return DeliveryError("the request to the SMS gateway \(server) failed (\(String(describing: type(of: error))))")
        }
    }

    /// What NIOSSL says of a failed handshake, in words: the untrusted or expired certificate, a server that does not
    /// speak TLS.
    static func tlsDetail(_ error: any Error) -> String {
        let text = String(describing: error)
        if text.contains("CERTIFICATE_VERIFY_FAILED") {
            return "its certificate is not trusted (unknown authority, expired, or not for this name)"
        }
        if text.contains("WRONG_VERSION_NUMBER") || text.contains("PACKET_LENGTH_TOO_LONG") {
            return "it does not speak TLS on this port (http:// instead of https://?)"
        }
        if text.contains("NO_SUCH_FILE") || text.contains("failedToLoadCertificate") || text.contains("BIO_R") {
            return "caFile could not be read"
        }
        return String(text.filter { !$0.isNewline }.prefix(160))
    }

    /// A value escaped for `contentType`.
    func escape(_ value: String) -> String {
        let type = settings.contentType.lowercased()
        if type.contains("json") { return Self.jsonEscaped(value) }
        if type.contains("x-www-form-urlencoded") {
            let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
            return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
        }
        return value
    }

    /// The contents of a JSON string (RFC 8259), without its quotes, from Foundation's `JSONEncoder` (which also
    /// escapes `/`).
    static func jsonEscaped(_ value: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "" }
        return String(decoding: data.dropFirst().dropLast(), as: UTF8.self)
    }
}
