import Foundation
import Testing
@testable import MawidBooking

/// The real channels against local stand-ins: an SMTP server (Python's aiosmtpd, writing a maildir) and an
/// HTTP receiver (Python's http.server) for the SMS gateway. Skipped when python3 or aiosmtpd is missing.
@Suite(.serialized) struct DeliveryIntegrationTests {
    let now = instant("2025-03-18T06:00:00Z")

    @Test(.enabled(if: LocalPython.aiosmtpd != nil, "python3 with aiosmtpd is not installed (Debian: python3-aiosmtpd)"))
    func theWorkerSendsThroughSMTP() async throws {
        let folder = TempFolder()
        defer { folder.cleanup() }
        try FileManager.default.createDirectory(at: folder.url, withIntermediateDirectories: true)
        let port = try LocalPython.freePort()
        let server = try LocalPython.start(LocalPython.aiosmtpd!, ["-c", LocalPython.watchdog + "runpy.run_module('aiosmtpd', run_name='__main__', alter_sys=True)",
                                                                    "-n", "-l", "127.0.0.1:\(port)",
                                                                    "-c", "aiosmtpd.handlers.Mailbox", folder.path("maildir")])
        defer { LocalPython.stop(server) }
        try await LocalPython.waitForPort(port)

        let store = try makeNotifyingStore()
        let created = try await store.create(makeRequest(slot("2025-03-19", "09:00"), language: "ar"), now: now)
        var settings = NotificationSettings(email: .smtp(host: "127.0.0.1", port: port), emailFrom: "موعد <no-reply@mawid.example.dz>")
        settings.timeout = 5
        let report = try await OutboxWorker(store: store, settings: settings).runOnce(now: now)
        #expect(report.sent == 1 && report.held == 1)

        let files = try await LocalPython.waitForFiles(in: folder.path("maildir/new"))
        let mail = try String(contentsOfFile: folder.path("maildir/new/" + files[0]), encoding: .utf8)
        #expect(mail.contains("Message-ID: <outbox-1-b1-a1-received-email@mawid.example.dz>"))
        #expect(mail.contains("To: karim@example.dz"))
        let body = mail.components(separatedBy: "\n\n").dropFirst().joined(separator: "\n\n")
        let decoded = String(decoding: Data(base64Encoded: body.filter { !$0.isWhitespace }) ?? Data(), as: UTF8.self)
        #expect(decoded.contains("المرجع: \(created.reference)"))
        #expect(decoded.contains("الطبيب: د. أمينة حداد"))
    }

    @Test(.enabled(if: LocalPython.python != nil, "python3 is not installed"))
    func theWorkerPostsSMSToTheGatewayAndRetriesOnErrors() async throws {
        let folder = TempFolder()
        defer { folder.cleanup() }
        try FileManager.default.createDirectory(at: folder.url, withIntermediateDirectories: true)
        let script = folder.path("gateway.py")
        try LocalPython.gatewayScript.write(toFile: script, atomically: true, encoding: .utf8)
        let port = try LocalPython.freePort()
        let log = folder.path("requests.jsonl")
        let server = try LocalPython.start(LocalPython.python!, [script, String(port), log])
        defer { LocalPython.stop(server) }
        try await LocalPython.waitForPort(port)

        let store = try makeNotifyingStore()
        _ = try await store.create(makeRequest(slot("2025-03-19", "09:00"), language: "fr", email: nil), now: now)
        let settings = NotificationSettings(sms: .init(url: "http://127.0.0.1:\(port)/send?first=fail",
                                                       headers: ["Authorization": "Bearer s3cret"],
                                                       bodyTemplate: #"{"to": "{{to}}", "text": "{{text}}", "ref": "{{id}}"}"#))
        let worker = OutboxWorker(store: store, settings: settings)
        // The gateway answers 503 to the first request, then 200.
        #expect(try await worker.runOnce(now: now).retried == 1)
        let failed = try #require(try await store.allOutbox().first)
        #expect(failed.lastError == "the SMS gateway answered 503")
        #expect(try await worker.runOnce(now: now.addingTimeInterval(60)).sent == 1)

        let requests = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
            .map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect(requests.count == 2)
        #expect(requests.map { $0["key"] as? String } == ["b1-a1-received-sms", "b1-a1-received-sms"])
        #expect(requests.allSatisfy { $0["auth"] as? String == "Bearer s3cret" && $0["path"] as? String == "/send?first=fail" })
        let body = try JSONSerialization.jsonObject(with: Data((requests[1]["body"] as! String).utf8)) as! [String: String]
        #expect(body["to"] == "+213550123456" && body["ref"] == "b1-a1-received-sms")
        #expect(body["text"]?.hasPrefix("Demande ") == true && body["text"]?.contains("https://mawid.example.dz/api/b/") == true)
    }
}

/// Finding python3 (and aiosmtpd), starting it, waiting for it.
enum LocalPython {
    static let python: String? = ["/usr/bin/python3", "/usr/local/bin/python3"].first { run($0, ["-c", "pass"]) }
    static let aiosmtpd: String? = ["/usr/bin/python3", "/usr/local/bin/python3"].first { run($0, ["-c", "import aiosmtpd"]) }

    /// An HTTP receiver answering 503 to the first request whose URL has `first=fail`, 200 after; logs each request.
    static let gatewayScript = watchdog + """
        import http.server, json, sys
        port, log, seen = int(sys.argv[1]), sys.argv[2], []
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get('Content-Length', 0))).decode('utf-8')
                with open(log, 'a') as f:
                    f.write(json.dumps({'path': self.path, 'key': self.headers.get('Idempotency-Key'),
                                        'auth': self.headers.get('Authorization'), 'body': body}) + '\\n')
                seen.append(1)
                self.send_response(503 if 'first=fail' in self.path and len(seen) == 1 else 200)
                self.end_headers()
                self.wfile.write(b'{}')
            def log_message(self, *args):
                pass
        http.server.HTTPServer(('127.0.0.1', port), Handler).serve_forever()
        """

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

    static func start(_ executable: String, _ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// A port free on the loopback now (the OS picks it).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard bound else { throw DeliveryError("no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func waitForPort(_ port: Int) async throws {
        for _ in 0..<100 {
            if (try? TCPConnection(host: "127.0.0.1", port: port, timeout: 1)) != nil { return }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        throw DeliveryError("the local server did not start")
    }

    static func waitForFiles(in folder: String) async throws -> [String] {
        for _ in 0..<50 {
            if let files = try? FileManager.default.contentsOfDirectory(atPath: folder), !files.isEmpty { return files }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        throw DeliveryError("no mail arrived")
    }
}
