import Foundation
import MawidDelivery
import Testing
@testable import MawidBooking

/// The real channels against local stand-ins, as a practice's providers would answer: an SMTP server requiring
/// STARTTLS and AUTH (`scripts/smtp-server.py`, on aiosmtpd) and an HTTPS SMS gateway (`scripts/sms-receiver.py`),
/// with certificates from a private authority made for the test (`scripts/test-certs`). Skipped when python3,
/// aiosmtpd or openssl is missing.
@Suite(.serialized) struct DeliveryIntegrationTests {
    let now = instant("2025-03-18T06:00:00Z")
    static let user = "cabinet@mawid.test", password = "correct horse battery"

    // MARK: Email

    @Test(.enabled(if: Lab.canRunMail, Lab.mailMissing))
    func emailGoesOverSTARTTLSSignedInWithLoginThenPlain() async throws {
        let lab = try await Lab()
        defer { lab.cleanup() }
        let port = try await lab.startSMTP(["--cert", lab.certs("server.pem"), "--key", lab.certs("server.key"),
                                            "--user", Self.user, "--password", Self.password])
        let store = try makeNotifyingStore()
        let created = try await store.create(makeRequest(slot("2025-03-19", "09:00"), language: "ar"), now: now)
        let report = try await OutboxWorker(store: store, settings: lab.email(port: port, auth: .login)).runOnce(now: now)
        #expect(report.sent == 1 && report.held == 1)
        #expect(try lab.authMechanisms() == ["LOGIN"])

        let mail = try await lab.mails()[0]
        #expect(mail.contains("Message-ID: <outbox-1-b1-a1-received-email@mawid.example.dz>"))
        #expect(mail.contains("To: karim@example.dz"))
        let body = mail.components(separatedBy: "\n\n").dropFirst().joined(separator: "\n\n")
        let decoded = String(decoding: Data(base64Encoded: body.filter { !$0.isWhitespace }) ?? Data(), as: UTF8.self)
        #expect(decoded.contains("المرجع: \(created.reference)"))

        _ = try await store.create(makeRequest(slot("2025-03-19", "09:30"), language: "fr"), now: now)
        #expect(try await OutboxWorker(store: store, settings: lab.email(port: port, auth: .plain)).runOnce(now: now).sent == 1)
        #expect(try lab.authMechanisms() == ["LOGIN", "PLAIN"])
        #expect(try await lab.mails(count: 2).count == 2)
    }

    @Test(.enabled(if: Lab.canRunMail, Lab.mailMissing))
    func emailGoesOverImplicitTLS() async throws {
        let lab = try await Lab()
        defer { lab.cleanup() }
        let port = try await lab.startSMTP(["--cert", lab.certs("server.pem"), "--key", lab.certs("server.key"), "--implicit-tls",
                                            "--user", Self.user, "--password", Self.password])
        let store = try makeNotifyingStore()
        _ = try await store.create(makeRequest(slot("2025-03-19", "09:00"), language: "fr"), now: now)
        let report = try await OutboxWorker(store: store, settings: lab.email(port: port, security: .tls)).runOnce(now: now)
        let errors = try await store.allOutbox().compactMap(\.lastError)
        #expect(report.sent == 1, "\(errors)")
        #expect(try await lab.mails().count == 1)
    }

    /// Asked for STARTTLS, a server that does not offer it gets nothing: no password, no message in plain text.
    @Test(.enabled(if: Lab.canRunMail, Lab.mailMissing))
    func aServerWithoutSTARTTLSGetsNothing() async throws {
        let lab = try await Lab()
        defer { lab.cleanup() }
        let port = try await lab.startSMTP(["--user", Self.user, "--password", Self.password])
        let store = try makeNotifyingStore()
        _ = try await store.create(makeRequest(slot("2025-03-19", "09:00"), language: "fr"), now: now)
        let report = try await OutboxWorker(store: store, settings: lab.email(port: port)).runOnce(now: now)
        #expect(report.retried == 1 && report.sent == 0)
        let row = try #require(try await store.allOutbox().first { $0.channel == .email })
        #expect(row.state == .pending)
        #expect(row.lastError == "SMTP: 127.0.0.1:\(port) does not offer STARTTLS, and security is starttls: nothing was sent in plain text")
        #expect(try lab.authMechanisms().isEmpty)
        #expect(lab.mailCount() == 0)
    }

    /// A wrong password: a clear error without the password, the message kept and sent once it is right.
    @Test(.enabled(if: Lab.canRunMail, Lab.mailMissing))
    func aWrongPasswordIsRetriedAndNothingIsLost() async throws {
        let lab = try await Lab()
        defer { lab.cleanup() }
        let port = try await lab.startSMTP(["--cert", lab.certs("server.pem"), "--key", lab.certs("server.key"),
                                            "--user", Self.user, "--password", Self.password])
        let store = try makeNotifyingStore()
        _ = try await store.create(makeRequest(slot("2025-03-19", "09:00"), language: "fr"), now: now)
        let wrong = lab.email(port: port, password: "wrong horse")
        #expect(try await OutboxWorker(store: store, settings: wrong).runOnce(now: now).retried == 1)
        let row = try #require(try await store.allOutbox().first { $0.channel == .email })
        #expect(row.state == .pending && row.attempts == 1)
        #expect(row.lastError?.hasPrefix("SMTP: 127.0.0.1:\(port) refused the username or password") == true, "\(row.lastError ?? "")")
        #expect(row.lastError?.contains("wrong horse") == false)
        #expect(lab.mailCount() == 0)

        let later = now.addingTimeInterval(120)
        #expect(try await OutboxWorker(store: store, settings: lab.email(port: port)).runOnce(now: later).sent == 1)
        #expect(try await lab.mails().count == 1)
    }

    @Test(.enabled(if: Lab.canRunMail, Lab.mailMissing))
    func untrustedAndExpiredCertificatesAreRefused() async throws {
        let lab = try await Lab()
        defer { lab.cleanup() }
        let good = try await lab.startSMTP(["--cert", lab.certs("server.pem"), "--key", lab.certs("server.key")])
        let expired = try await lab.startSMTP(["--cert", lab.certs("expired.pem"), "--key", lab.certs("expired.key")])
        let store = try makeNotifyingStore()
        _ = try await store.create(makeRequest(slot("2025-03-19", "09:00"), language: "fr"), now: now)

        var untrusted = lab.email(port: good, signedIn: false)
        if case .smtp(var smtp)? = untrusted.email { smtp.caFile = nil; untrusted.email = .smtp(smtp) }
        #expect(try await OutboxWorker(store: store, settings: untrusted).runOnce(now: now).retried == 1)
        let first = try #require(try await store.allOutbox().first { $0.channel == .email }?.lastError)
        #expect(first.hasPrefix("SMTP: TLS with 127.0.0.1:\(good) failed: SSL certificate problem"), "\(first)")

        let later = now.addingTimeInterval(120)
        #expect(try await OutboxWorker(store: store, settings: lab.email(port: expired, signedIn: false)).runOnce(now: later).retried == 1)
        let second = try #require(try await store.allOutbox().first { $0.channel == .email }?.lastError)
        #expect(second.hasPrefix("SMTP: TLS with 127.0.0.1:\(expired) failed:") && second.contains("expired"), "\(second)")
        #expect(lab.mailCount() == 0)
    }

    /// The server closes the connection after the message's text, before accepting it: retried, delivered once.
    @Test(.enabled(if: Lab.canRunMail, Lab.mailMissing))
    func aConnectionDroppedInTheMiddleIsRetriedAndDeliveredOnce() async throws {
        let lab = try await Lab()
        defer { lab.cleanup() }
        let port = try await lab.startSMTP(["--cert", lab.certs("server.pem"), "--key", lab.certs("server.key"),
                                            "--user", Self.user, "--password", Self.password, "--drop-first-data"])
        let store = try makeNotifyingStore()
        _ = try await store.create(makeRequest(slot("2025-03-19", "09:00"), language: "fr"), now: now)
        let settings = lab.email(port: port)
        #expect(try await OutboxWorker(store: store, settings: settings).runOnce(now: now).retried == 1)
        let error = try #require(try await store.allOutbox().first { $0.channel == .email }?.lastError)
        #expect(error.hasPrefix("SMTP: the connection to 127.0.0.1:\(port) failed during the exchange"), "\(error)")
        #expect(lab.mailCount() == 0)
        #expect(try await OutboxWorker(store: store, settings: settings).runOnce(now: now.addingTimeInterval(120)).sent == 1)
        #expect(try await lab.mails().count == 1)
    }

    // MARK: SMS

    /// A form-encoded gateway with basic authentication over HTTPS, its certificate from a private authority; the
    /// messages of one round share a connection.
    @Test(.enabled(if: Lab.canRunSMS, Lab.smsMissing))
    func smsGoesOverHTTPSWithBasicAuthOverOneConnection() async throws {
        let lab = try await Lab()
        defer { lab.cleanup() }
        let port = try await lab.startGateway(["--tls", lab.certs("server.pem"), lab.certs("server.key")])
        let store = try makeNotifyingStore()
        for time in ["09:00", "09:30", "10:00"] {
            _ = try await store.create(makeRequest(slot("2025-03-19", time), language: "fr", email: nil), now: now)
        }
        let gateway = SMSGatewaySettings(url: "https://127.0.0.1:\(port)/v1/send", contentType: "application/x-www-form-urlencoded",
                                         basicAuth: BasicAuth(user: "api-user", password: Secret("k3y")), caFile: lab.certs("ca.pem"))
        var gatewayWithBody = gateway
        gatewayWithBody.bodyTemplate = "to={{to}}&text={{text}}&ref={{id}}"
        let report = try await OutboxWorker(store: store, settings: NotificationSettings(sms: gatewayWithBody)).runOnce(now: now)
        #expect(report.sent == 3)
        let requests = try lab.gatewayRequests()
        #expect(requests.count == 3)
        #expect(requests.allSatisfy { $0["auth"] as? String == "Basic " + Data("api-user:k3y".utf8).base64EncodedString() })
        #expect(requests.allSatisfy { $0["type"] as? String == "application/x-www-form-urlencoded" && $0["path"] as? String == "/v1/send" })
        #expect(Set(requests.compactMap { $0["peer"] as? Int }).count == 1, "one connection for the round")
        let form = URLComponents(string: "?" + (requests[0]["body"] as? String ?? ""))?.queryItems ?? []
        #expect(form.first { $0.name == "to" }?.value == "+213550123456")
        #expect(form.first { $0.name == "ref" }?.value == requests[0]["key"] as? String)
        #expect(form.first { $0.name == "text" }?.value?.hasPrefix("Demande ") == true)
    }

    /// A 503, a gateway that never answers, a certificate not trusted, a port without TLS: each a clear error and a
    /// retry with the same idempotency key; nothing lost.
    @Test(.enabled(if: Lab.canRunSMS, Lab.smsMissing))
    func smsGatewayFailuresAreRetriedWithTheSameKey() async throws {
        let lab = try await Lab()
        defer { lab.cleanup() }
        let failing = try await lab.startGateway(["--fail-first"])
        let hanging = try await lab.startGateway(["--hang-first", "--tls", lab.certs("server.pem"), lab.certs("server.key")])
        let store = try makeNotifyingStore()
        _ = try await store.create(makeRequest(slot("2025-03-19", "09:00"), language: "fr", email: nil), now: now)
        var minute = 0
        func attempt(_ gateway: SMSGatewaySettings) async throws -> String? {
            var settings = NotificationSettings(sms: gateway)
            settings.timeout = 2
            minute += 10
            _ = try await OutboxWorker(store: store, settings: settings).runOnce(now: now.addingTimeInterval(Double(minute * 60)))
            return try await store.allOutbox().first?.lastError
        }
        let trusted = lab.certs("ca.pem")
        #expect(try await attempt(.init(url: "https://127.0.0.1:\(failing)/send", caFile: trusted))
                == "TLS with the SMS gateway 127.0.0.1:\(failing) failed: it does not speak TLS on this port (http:// instead of https://?)")
        #expect(try await attempt(.init(url: "https://127.0.0.1:\(hanging)/send"))
                == "TLS with the SMS gateway 127.0.0.1:\(hanging) failed: its certificate is not trusted (unknown authority, expired, or not for this name)")
        #expect(try await attempt(.init(url: "https://127.0.0.1:\(hanging)/send", caFile: trusted))
                == "the SMS gateway 127.0.0.1:\(hanging) did not answer within 2 s")
        #expect(try await attempt(.init(url: "http://127.0.0.1:\(failing)/send")) == "the SMS gateway 127.0.0.1:\(failing) answered 503")
        _ = try await attempt(.init(url: "https://127.0.0.1:\(hanging)/send", caFile: trusted))
        let row = try #require(try await store.allOutbox().first)
        #expect(row.state == .sent && row.attempts == 5)
        let requests = try lab.gatewayRequests()
        #expect(requests.map { $0["status"] as? Int } == [0, 503, 200] || requests.map { $0["status"] as? Int } == [503, 0, 200])
        #expect(Set(requests.map { $0["key"] as? String }) == ["b1-a1-received-sms"])
    }
}

/// A temporary folder with the test certificates, and the stand-in servers started in it (stopped by `cleanup`).
final class Lab: @unchecked Sendable {
    static let scripts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scripts").path
    static let python: String? = ["/usr/bin/python3", "/usr/local/bin/python3"].first { run($0, ["-c", "pass"]) }
    static let aiosmtpd: String? = ["/usr/bin/python3", "/usr/local/bin/python3"].first { run($0, ["-c", "import aiosmtpd"]) }
    static let openssl: Bool = run("/usr/bin/openssl", ["version"])
    static let canRunMail = aiosmtpd != nil && openssl
    static let canRunSMS = python != nil && openssl
    static let mailMissing: Comment = "needs python3 with aiosmtpd (Debian: python3-aiosmtpd) and openssl"
    static let smsMissing: Comment = "needs python3 and openssl"

    let folder = TempFolder()
    private var servers: [Process] = []

    init() async throws {
        try FileManager.default.createDirectory(at: folder.url, withIntermediateDirectories: true)
        guard Self.run(Self.scripts + "/test-certs", [folder.path("certs")]) else { throw DeliveryError("test-certs failed") }
    }

    func certs(_ name: String) -> String { folder.path("certs/" + name) }

    func cleanup() {
        for server in servers { Self.stop(server) }
        folder.cleanup()
    }

    /// `scripts/smtp-server.py` on a free port, writing into `maildir`, its AUTH mechanisms into `auth.log`.
    func startSMTP(_ options: [String]) async throws -> Int {
        let port = try LocalPorts.free()
        try start(Self.aiosmtpd!, [Self.scripts + "/smtp-server.py", String(port), folder.path("maildir"),
                                   "--auth-log", folder.path("auth.log")] + options)
        try await LocalPorts.waitFor(port)
        return port
    }

    /// `scripts/sms-receiver.py` on a free port, logging into `sms.jsonl`; ends with the test process.
    func startGateway(_ options: [String]) async throws -> Int {
        let port = try LocalPorts.free()
        let script = Self.scripts + "/sms-receiver.py"
        try start(Self.python!, ["-c", Self.watchdog + "sys.argv = sys.argv[1:]; runpy.run_path(\(pythonString(script)), run_name='__main__')",
                                 script, String(port), folder.path("sms.jsonl")] + options)
        try await LocalPorts.waitFor(port)
        return port
    }

    /// Settings sending email through the stand-in: STARTTLS, the test authority, signed in unless told otherwise.
    func email(port: Int, security: SMTPSettings.Security = .starttls, auth: SMTPSettings.Auth? = nil,
               password: String = DeliveryIntegrationTests.password, signedIn: Bool = true) -> NotificationSettings {
        let smtp = SMTPSettings(host: "127.0.0.1", port: port, security: security,
                                username: signedIn ? DeliveryIntegrationTests.user : nil,
                                password: signedIn ? Secret(password) : nil, auth: auth, caFile: certs("ca.pem"))
        var settings = NotificationSettings(email: .smtp(smtp), emailFrom: "موعد <no-reply@mawid.example.dz>")
        settings.timeout = 5
        return settings
    }

    func authMechanisms() throws -> [String] {
        guard let text = try? String(contentsOfFile: folder.path("auth.log"), encoding: .utf8) else { return [] }
        return text.split(separator: "\n").map(String.init)
    }

    func mailCount() -> Int { (try? FileManager.default.contentsOfDirectory(atPath: folder.path("maildir/new")))?.count ?? 0 }

    /// The mails delivered, once at least `count` are there (up to 5 s).
    func mails(count: Int = 1) async throws -> [String] {
        for _ in 0..<50 {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path("maildir/new"))) ?? []).sorted()
            if names.count >= count {
                return try names.map { try String(contentsOfFile: folder.path("maildir/new/" + $0), encoding: .utf8) }
            }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        throw DeliveryError("no mail arrived")
    }

    func gatewayRequests() throws -> [[String: Any]] {
        try String(contentsOfFile: folder.path("sms.jsonl"), encoding: .utf8).split(separator: "\n")
            .map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:] }
    }

    private func start(_ executable: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        servers.append(process)
    }

    private func pythonString(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "\\'") + "'" }

    /// Python that ends the process when the test process is gone (even after a crash) or after two minutes.
    static let watchdog = """
        import os, sys, threading, time, runpy
        def _watch(parent=os.getppid(), start=time.monotonic()):
            while os.getppid() == parent and time.monotonic() - start < 120:
                time.sleep(0.5)
            os._exit(0)
        threading.Thread(target=_watch, daemon=True).start()

        """

    /// SIGKILL: the test process may ignore SIGTERM (a server's graceful shutdown), and its children with it.
    static func stop(_ process: Process) {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    static func run(_ executable: String, _ arguments: [String]) -> Bool {
        guard FileManager.default.isExecutableFile(atPath: executable) else { return false }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}

/// Ports on the loopback.
enum LocalPorts {
    /// A port free now (the OS picks it).
    static func free() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard bound else { throw DeliveryError("no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Waits up to 10 s for something to accept connections on `port`.
    static func waitFor(_ port: Int) async throws {
        for _ in 0..<100 {
            if accepts(port) { return }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        throw DeliveryError("the local server did not start")
    }

    private static func accepts(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = loopback(port: port)
        return withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return address
    }
}
