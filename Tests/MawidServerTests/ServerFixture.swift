import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import MawidBooking
@testable import MawidServer
import MawidSite
import MawidTestSupport
import Testing

/// A small site (two doctors) built into a temp folder, and a server on a fresh SQLite file,
/// with the clock fixed at Tuesday 2026-12-01 08:00 in Algiers.
final class ServerFixture: @unchecked Sendable {
    static let templates = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Templates").path
    /// 2026-12-01 07:00 UTC = 08:00 in Algiers (UTC+1), a Tuesday.
    static let now = Date(timeIntervalSince1970: 1_796_108_400)

    let root = NSTemporaryDirectory() + "mawid-server-" + UUID().uuidString
    var content: String { root + "/content" }
    var database: String { root + "/data/mawid.sqlite" }
    private(set) var site: SiteRenderer!
    let logs = LogCapture()

    init(endpoint: String = "/api") throws {
        write("site.yml", """
            title: Test Clinic
            baseURL: https://test.example.dz
            languages: [fr, ar, en]
            timezone: Africa/Algiers
            endpoint: \(endpoint)
            """)
        write("specialties/cardiologie.md", "---\ntitle: Cardiologie\n---\nLe cœur.\n")
        write("doctors/amina-benali.md", """
            ---
            name: Dr Amina Benali
            specialty: cardiologie
            wilaya: Alger
            city: Hydra
            address: 8 chemin Ahmed Kara
            phone: "021 48 32 17"
            languages: [ar, fr]
            experience: 18
            slot: 30
            hours:
              sun: ["08:30-12:00"]
              tue: ["08:30-10:00", "14:00-15:00"]
              wed: ["09:00-10:00"]
            holidays: ["2026-12-02", "2026-12-20..2026-12-31"]
            ---
            Bio.
            """)
        write("doctors/karim-haddad.md", """
            ---
            name: Dr Karim Haddad
            specialty: cardiologie
            wilaya: Oran
            city: Bir El Djir
            address: 3 rue des Palmiers
            phone: "041 22 33 44"
            languages: [ar, fr]
            experience: 9
            slot: 30
            hours:
              tue: ["08:30-12:00"]
            ---
            Bio.
            """)
        write("doctors/hidden.md", """
            ---
            name: Dr Hidden
            specialty: cardiologie
            wilaya: Oran
            city: Oran
            address: 1 rue
            phone: "0550 12 34 56"
            languages: [fr]
            experience: 1
            slot: 30
            hours: { sun: ["08:00-12:00"] }
            draft: true
            ---
            """)
        try rebuild()
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    /// Builds the site again from the content folder as it is now (after `write` or `remove`): servers made
    /// from then on serve the new content, on the same database.
    func rebuild() throws {
        site = try SiteBuilder(options: .init(content: content, templates: Self.templates, output: root + "/site")).build().site
    }

    func remove(_ relative: String) {
        try! FileManager.default.removeItem(atPath: content + "/" + relative)
    }

    func write(_ relative: String, _ text: String) {
        let path = content + "/" + relative
        try! FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try! text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// The server's clock, movable during a test.
    let clock = TestClock(ServerFixture.now)

    /// - Parameters:
    ///   - messages: the store writes emails and SMS into the outbox (no worker sends them).
    ///   - metrics: as `mawid serve --metrics`, into this factory's registry.
    func server(postsPerMinute: Int = 0, now: Date? = nil, messages: Bool = false,
                metrics: PrometheusFactory? = nil) throws -> (MawidServer, BookingStore) {
        let store = BookingStore(database: try TestDatabases.open(path: database), metrics: metrics.map { MawidMetrics(factory: $0) } ?? .disabled)
        if let now { clock.now = now }
        let options = serverOptions(postsPerMinute: postsPerMinute, metrics: metrics)
        let logger = Logger(label: "mawid-test") { _ in self.logs }
        let server = MawidServer(options: options, site: site, store: store, logger: logger)
        if messages {
            let templates = try MessageTemplates.load(directory: Self.templates + "/messages", languages: site.languages,
                                                       strings: site.strings)
            store.setMessageContext(server.messageContext(site: site, templates: templates))
        }
        return (server, store)
    }

    func serverOptions(postsPerMinute: Int = 0, metrics: PrometheusFactory? = nil) -> MawidServer.Options {
        let clock = self.clock
        var endpoint = EndpointOptions(database: database, postsPerMinute: postsPerMinute, clock: { clock.now })
        endpoint.contentDirectory = content
        return MawidServer.Options(siteDirectory: root + "/site", endpoint: endpoint,
                                   metrics: metrics.map { MetricsListener(host: "127.0.0.1", port: 0, registry: $0.registry) })
    }

    /// As `mawid serve`: the content is published by a `ContentReloader` over the fixture's folders, and
    /// `body` can change files and reload.
    func testLive(_ body: @escaping @Sendable (any TestClientProtocol, BookingStore, ContentReloader, LiveContent) async throws -> Void)
        async throws {
        let store = BookingStore(database: try TestDatabases.open(path: database))
        let options = serverOptions()
        let live = LiveContent(store: store, options: options.endpoint)
        let project = SiteProject(options: .init(content: content, templates: Self.templates, output: root + "/site"))
        let reloader = ContentReloader(project: project, live: live)
        guard case .updated = await reloader.start() else {
            Issue.record("the fixture's content did not load")
            return
        }
        let server = MawidServer(options: options, live: live, store: store, logger: Logger(label: "mawid-test") { _ in self.logs })
        let app = Application(router: server.router(), logger: server.logger)
        try await app.test(.router) { client in try await body(client, store, reloader, live) }
        try store.database.close()
    }

    /// Runs `body` against the server's router (no sockets).
    func test(postsPerMinute: Int = 0, now: Date? = nil, messages: Bool = false,
              _ body: @escaping @Sendable (any TestClientProtocol, BookingStore) async throws -> Void) async throws {
        let (server, store) = try server(postsPerMinute: postsPerMinute, now: now, messages: messages)
        let app = Application(router: server.router(), logger: server.logger)
        try await app.test(.router) { client in try await body(client, store) }
        try store.database.close()
    }
}

extension ServerFixture {
    /// Runs `body` against the public router of a server with metrics on; `scrape` GETs `/metrics` from the
    /// metrics listener's own router and returns the text.
    func testWithMetrics(messages: Bool = false,
                         _ body: @escaping @Sendable (any TestClientProtocol, BookingStore,
                                                      _ scrape: @escaping @Sendable () async throws -> String) async throws -> Void)
        async throws {
        let (server, store) = try server(messages: messages, metrics: PrometheusFactory())
        let listener = try #require(server.options.metrics)
        let metricsApp = Application(router: listener.router(store: store, logger: server.logger), logger: server.logger)
        let scrape: @Sendable () async throws -> String = {
            try await metricsApp.test(.router) { client throws in
                let response = try await client.get("/metrics")
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8")
                return response.text
            }
        }
        let app = Application(router: server.router(), logger: server.logger)
        try await app.test(.router) { client in try await body(client, store, scrape) }
        try store.database.close()
    }
}

final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Date
    init(_ date: Date) { value = date }
    var now: Date {
        get { lock.withLock { value } }
        set { lock.withLock { value = newValue } }
    }
}

/// A booking as JSON.
func bookingJSON(date: String = "2026-12-01", time: String = "09:00", name: String = "Yasmine Kaci",
                 phone: String = "0550 12 34 56", doctor: String = "amina-benali", extra: String = "") -> String {
    """
    {"doctor": "\(doctor)", "date": "\(date)", "time": "\(time)", "name": "\(name)", "phone": "\(phone)",
     "consent": "yes"\(extra.isEmpty ? "" : ", " + extra)}
    """
}

/// A booking as the site's form posts it.
func bookingForm(_ fields: [String: String]) -> String {
    var all = ["doctor": "amina-benali", "date": "2026-12-01", "time": "09:00", "name": "Yasmine Kaci",
               "phone": "0550 12 34 56", "consent": "yes", "for": "self", "lang": "fr", "website": ""]
    all.merge(fields) { $1 }
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    return all.sorted { $0.key < $1.key }
        .map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed)!)" }
        .joined(separator: "&")
}

extension TestClientProtocol {
    @discardableResult
    func postJSON(_ uri: String, _ body: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        var fields = headers
        fields[.contentType] = "application/json"
        return try await execute(uri: uri, method: .post, headers: fields, body: ByteBuffer(string: body))
    }

    @discardableResult
    func postForm(_ uri: String, _ body: String) async throws -> TestResponse {
        try await execute(uri: uri, method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                          body: ByteBuffer(string: body))
    }

    func get(_ uri: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        try await execute(uri: uri, method: .get, headers: headers)
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
    var json: [String: Any] { ((try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]) ?? [:] }
}

/// Keeps every log line, to check that no patient data is ever logged.
final class LogCapture: LogHandler, @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    private var storedMetadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    /// Requests run concurrently: every access goes through the lock.
    var metadata: Logger.Metadata {
        get { lock.withLock { storedMetadata } }
        set { lock.withLock { storedMetadata = newValue } }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { lock.withLock { storedMetadata[key] } }
        set { lock.withLock { storedMetadata[key] = newValue } }
    }

    func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String,
             file: String, function: String, line: UInt) {
        lock.withLock { lines.append("\(message) \(metadata ?? [:]) \(storedMetadata)") }
    }

    var text: String { lock.withLock { lines.joined(separator: "\n") } }
}
