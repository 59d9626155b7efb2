import MawidStorage
import ArgumentParser
import CoreMetrics
import Foundation
import Hummingbird
import Logging
import MawidBooking
import MawidConversation
import MawidDelivery
import MawidServer
import MawidSite
import Synchronization
import UnixSignals

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the site and the booking endpoint, keep the site up to date, and send the emails and SMS.",
        discussion: """
            Serves the site folder at once and brings it up to date with the content (only what changed is \
            written). With --watch, a saved change to content/ or Templates/ is live within a second; SIGHUP \
            reloads the same way. A change with errors is refused: the last good content stays, the problems are \
            printed and shown in /review.
            Stops gracefully on SIGINT/SIGTERM: requests in flight finish first, then the message being sent.
            Emails and SMS go out through the channels of --notify-config (see docs/MESSAGES.md); without \
            one, they are kept and listed in /review/outbox and by `mawid outbox list`.
            """)

    @OptionGroup var location: SiteLocation
    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"
    @Option(help: "Port to listen on.")
    var port = 8080
    @Option(help: "SQLite database file (created with mode 0600 on first start), or postgres://user@host:5432/name (an existing database, migrated; password from PGPASSWORD or ~/.pgpass).")
    var db = "data/mawid.sqlite"
    @Option(help: "How many days ahead patients may book.")
    var horizon = 90
    @Option(help: "POSTs allowed per client per minute (0: no limit).")
    var rateLimit = 20
    @Option(help: "Public address of this server, for the links given to patients (default: baseURL of site.yml).")
    var publicURL: String?
    @Option(help: "Hours before a visit when patients can no longer cancel or move it online.")
    var patientCutoff: Double = 2
    @Flag(help: "Take the client address from X-Forwarded-For (behind a reverse proxy).")
    var trustProxy = false
    @Option(help: ArgumentHelp("YAML file with the email and SMS channels, reminders and offers (keep it out of content/).",
                               valueName: "file"))
    var notifyConfig: String?
    @Option(help: ArgumentHelp("Serve GET /metrics (Prometheus text format) on this address only, e.g. 127.0.0.1:9464.",
                               valueName: "host:port"))
    var metrics: String?
    @Flag(help: "Apply changes to content/ and Templates/ while serving (SIGHUP reloads without it too).")
    var watch = false

    func validate() throws {
        do { _ = try DatabaseAddress.parse(db) } catch { throw ValidationError(error.description) }
        if let metrics, MetricsListener.address(metrics) == nil {
            throw ValidationError("--metrics takes HOST:PORT, e.g. 127.0.0.1:9464 or [::1]:9464 (got \"\(metrics)\")")
        }
    }

    func run() async throws {
        let notify = try notifyConfig.map(loadNotifyConfig) ?? NotificationConfig()
        // Only with --metrics is a backend bootstrapped; otherwise every metric is a no-op.
        var listener: MetricsListener?
        var serviceMetrics = MawidMetrics.disabled
        if let address = metrics.flatMap(MetricsListener.address) {
            let factory = PrometheusFactory()
            MetricsSystem.bootstrap(factory)  // for libraries' metrics too, into the same registry
            listener = MetricsListener(host: address.host, port: address.port, registry: factory.registry)
            serviceMetrics = MawidMetrics(factory: factory)
        }
        let store = BookingStore(database: try DatabaseAddress.open(db, create: true), metrics: serviceMetrics)
        var endpointOptions = EndpointOptions(database: db, horizonDays: horizon, postsPerMinute: rateLimit,
                                              trustForwardedFor: trustProxy, publicURL: publicURL)
        endpointOptions.patientCutoff = patientCutoff * 3600
        endpointOptions.contentDirectory = location.content
        var logger = Logger(label: "mawid")
        logger.logLevel = .info
        let live = LiveContent(store: store, options: endpointOptions)
        let server = MawidServer(options: .init(host: host, port: port, siteDirectory: location.output, endpoint: endpointOptions,
                                                metrics: listener),
                                 live: live, store: store, logger: logger)
        let worker = OutboxWorker(store: store, settings: notify.settings)
        let messages = location.templates + "/messages"
        let policy = notify.policy
        let held = worker.unconfiguredChannels
        // The message texts follow the content (doctors' names, languages) and Templates/messages/.
        let reloader = ContentReloader(project: SiteProject(options: location.builderOptions), live: live) { site throws(ContentErrors) in
            let templates = try MessageTemplates.load(directory: messages, languages: site.languages, strings: site.strings)
            var context = server.messageContext(site: site, templates: templates, policy: policy)
            context.heldChannels = held
            store.setMessageContext(context)
        }
        // Creation messages are written in the background, so bookings commit without them.
        let composer = MessageComposer(store: store)
        composer.start { [logger] problem in logger.error("\(problem)") }
        // New bookings join the office's search index in batches, off their own transactions.
        let indexer = SearchIndexer(store: store)
        indexer.start { [logger] problem in logger.error("\(problem)") }
        // And the figures' summary (/review/figures), the same way.
        let counter = FiguresCounter(store: store)
        counter.start { [logger] problem in logger.error("\(problem)") }
        await worker.start { [logger] problem in logger.error("\(problem)") }
        print("mawid: serving \(location.output)/ and the booking endpoint on http://\(host):\(port)/ (database \((try? DatabaseAddress.parse(db))?.description ?? db))")
        print("mawid: messages: " + Self.summary(notify))
        if let listener { print("mawid: metrics on http://\(HostPort.text(host: listener.host, port: listener.port))/metrics") }
        fflush(nil)
        let watch = self.watch
        let metrics = serviceMetrics
        // A save from the hours form in /review goes live as a saved file does (with --watch or not).
        live.whenEdited { paths in
            await Self.reload(reloader, changed: paths, server: server, metrics: metrics, quietWhenUnchanged: true)
        }
        let roots = [location.content, location.templates]
        // Watched before the first build reads the content, so a reload can look at the changed files only.
        let changes = watch ? DirectoryWatcher(roots: roots).changes() : nil
        defer {
            composer.stop()
        }
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                // The site folder is served at once; the API waits for the content (a second or two at 10,000
                // doctors) and the pages are brought up to date behind it.
                group.addTask { try await server.run() }
                // Documents are deleted `Documents.retentionDays` after their visit; checked every hour.
                group.addTask { [logger] in
                    let documents = Documents(store: store)
                    while !Task.isCancelled {
                        let zone = live.site.flatMap { TimeZone(identifier: $0.content.config.timezone) } ?? .current
                        let today = SlotCalendar(timeZone: zone, now: Date()).today
                        do { try await documents.purge(visitsBefore: today.adding(days: -Documents.retentionDays)) }
                        catch { logger.error("deleting old documents: \(error)") }
                        try? await Task.sleep(for: .seconds(3600))
                    }
                }
                group.addTask {
                    let buildStart = ContinuousClock.now
                    switch await reloader.start() {
                    case .updated(let report, _):
                        metrics.siteBuilt(in: ContinuousClock.now - buildStart)
                        print("mawid: \(report)")
                        // Content edited while the server was stopped may leave bookings outside the plans.
                        await Self.printAttention(server)
                    case .kept(let problems):
                        Self.printProblems(problems, ending: "the server was not started")
                        throw ExitCode(1)
                    case .failed(let message):
                        if Task.isCancelled { return }  // stopped during the first build: nothing was changed
                        FileHandle.standardError.write(Data("mawid: \(message)\n".utf8))
                        throw ExitCode(1)
                    }
                    if watch { print("mawid: watching \(roots.joined(separator: "/ and "))/ for changes") }
                    fflush(nil)
                    try await Self.applyChanges(reloader: reloader, server: server, changes: changes, metrics: metrics)
                }
                try await group.next()
                reloader.cancel()  // a first build still running would hold the exit for up to a minute
                group.cancelAll()
            }
        } catch {
            await worker.stop()
            await indexer.stop()
            await counter.stop()
            throw error
        }
        await worker.stop()
        await indexer.stop()
        await counter.stop()
    }

    /// Reloads on SIGHUP and, with `--watch`, on every change under `watch`, until cancelled.
    static func applyChanges(reloader: ContentReloader, server: MawidServer, changes: AsyncStream<Set<String>>?,
                             metrics: MawidMetrics) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for await _ in await UnixSignalsSequence(trapping: .sighup) {
                    print("mawid: SIGHUP: reloading the content")
                    await reload(reloader, server: server, metrics: metrics, quietWhenUnchanged: false)
                }
            }
            if let changes {
                group.addTask {
                    for await paths in changes {
                        await reload(reloader, changed: paths, server: server, metrics: metrics, quietWhenUnchanged: true)
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    /// One reload, its outcome on the console, then how many bookings the new content leaves outside the plans.
    static func reload(_ reloader: ContentReloader, changed paths: Set<String>? = nil, server: MawidServer,
                       metrics: MawidMetrics, quietWhenUnchanged: Bool) async {
        let changed = Mutex(false)
        await reloader.reload(changed: paths) { outcome in
            report(outcome, metrics: metrics, quietWhenUnchanged: quietWhenUnchanged)
            if case .updated(let built, _) = outcome, !quietWhenUnchanged || built.written > 0 || built.removed > 0 {
                changed.withLock { $0 = true }
            }
        }
        if changed.withLock({ $0 }) { await printAttention(server) }
    }

    /// `mawid: 3 bookings need attention …` when the content served leaves some bookings outside the doctors'
    /// plans: a count only, no patient data.
    static func printAttention(_ server: MawidServer) async {
        guard let count = try? await server.countBookingsNeedingAttention(), count > 0 else { return }
        print("mawid: \(count) booking\(count == 1 ? " needs" : "s need") attention (outside the doctors' plans): see /review/")
        fflush(nil)
    }

    /// One reload's outcome on the console: what changed, or each problem and that the old content stays.
    static func report(_ outcome: ContentReloader.Outcome, metrics: MawidMetrics, quietWhenUnchanged: Bool) {
        switch outcome {
        case .updated(let report, let fixed):
            metrics.siteBuilt(in: .milliseconds(Int(report.seconds * 1000)))
            if fixed { print("mawid: the content is valid again") }
            if report.written == 0 && report.removed == 0 && quietWhenUnchanged && !fixed { return }
            var line = "mawid: updated in \(Int((report.seconds * 1000).rounded())) ms: \(report.written) file\(report.written == 1 ? "" : "s") written"
            if report.removed > 0 { line += ", \(report.removed) removed" }
            line += " (\(report.doctors) doctors"
            if let live = report.pagesSeconds, report.seconds - live > 0.05 {
                line += "; doctors' pages and booking rules live after \(Int((live * 1000).rounded())) ms"
            }
            print(line + ")")
        case .kept(let problems):
            printProblems(problems, ending: "still serving the content from before; fix and save again")
        case .failed(let message):
            FileHandle.standardError.write(Data("mawid: \(message); still serving the content from before\n".utf8))
        }
        fflush(nil)
    }

    static func printProblems(_ problems: [ContentError], ending: String) {
        var text = problems.map(\.description).joined(separator: "\n") + "\n"
        text += "mawid: \(problems.count) error\(problems.count == 1 ? "" : "s") in the content; \(ending)\n"
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// One line saying how messages leave (no address, URL path or header: they may hold credentials).
    static func summary(_ config: NotificationConfig) -> String {
        var channels: [String] = []
        switch config.settings.email {
        case .smtp(let smtp)?:
            let security = smtp.security == .none ? "no TLS" : smtp.security.rawValue.uppercased()
            channels.append("email by SMTP to \(HostPort.text(host: smtp.host, port: smtp.port)) (\(security)"
                            + (smtp.username == nil ? ")" : ", signed in)"))
        case .sendmail(let command, _)?: channels.append("email by \(command)")
        case nil: break
        }
        if let sms = config.settings.sms, let target = SMSGatewaySettings.target(sms.url) {
            channels.append("SMS by the gateway at \(HostPort.text(host: target.host, port: target.port))"
                            + (target.secure ? " (HTTPS)" : " (plain HTTP)"))
        }
        let reminders = config.policy.reminders.map(duration).joined(separator: " and ")
        let sending = channels.isEmpty
            ? "no email or SMS channel (--notify-config): messages are kept and listed in /review/outbox"
            : channels.joined(separator: ", ")
        return sending + "; reminders \(reminders.isEmpty ? "off" : reminders + " before the visit"); "
            + "freed slots offered for \(duration(config.policy.offerDuration))"
    }

    static func duration(_ seconds: TimeInterval) -> String {
        let whole = Int(seconds.rounded())
        if whole % 86_400 == 0 && whole >= 3 * 86_400 { return "\(whole / 86_400)d" }
        if whole % 3600 == 0 { return "\(whole / 3600)h" }
        if whole % 60 == 0 { return "\(whole / 60)m" }
        return "\(whole)s"
    }
}

/// The notify config file, or every problem in it and exit 1.
func loadNotifyConfig(_ path: String) throws -> NotificationConfig {
    do {
        return try NotificationConfig.load(path: path)
    } catch {
        FileHandle.standardError.write(Data((error.description + "\n").utf8))
        let count = error.errors.count
        FileHandle.standardError.write(Data("mawid: \(count) error\(count == 1 ? "" : "s") in \(path); the server was not started\n".utf8))
        throw ExitCode(1)
    }
}

/// `Templates/messages/<lang>.yml` for every language of the site, or every problem and exit 1.
func loadMessageTemplates(directory: String, languages: [String], strings: (String) -> Strings) throws -> MessageTemplates {
    do {
        return try MessageTemplates.load(directory: directory, languages: languages, strings: strings)
    } catch {
        FileHandle.standardError.write(Data((error.description + "\n").utf8))
        let count = error.errors.count
        FileHandle.standardError.write(Data("mawid: \(count) error\(count == 1 ? "" : "s") in the message texts; the server was not started\n".utf8))
        throw ExitCode(1)
    }
}
