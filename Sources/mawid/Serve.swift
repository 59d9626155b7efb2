import ArgumentParser
import CoreMetrics
import Foundation
import Hummingbird
import Logging
import MawidBooking
import MawidDelivery
import MawidServer
import MawidSite

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build the site, then serve it and the booking endpoint, and send the emails and SMS.",
        discussion: """
            Stops gracefully on SIGINT/SIGTERM: requests in flight finish first, then the message being sent.
            Emails and SMS go out through the channels of --notify-config (see the README, "Messages"); without \
            one, they are kept and listed in /review/outbox and by `mawid outbox list`.
            """)

    @OptionGroup var location: SiteLocation
    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"
    @Option(help: "Port to listen on.")
    var port = 8080
    @Option(help: "SQLite database file (created with mode 0600 on first start).")
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

    func validate() throws {
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
        let buildStart = ContinuousClock.now
        let site = try buildSite(location.builderOptions).site
        serviceMetrics.siteBuilt(in: ContinuousClock.now - buildStart)
        let templates = try loadMessageTemplates(directory: location.templates + "/messages", languages: site.languages,
                                                 strings: site.strings)
        let store = try BookingStore(path: db, metrics: serviceMetrics)
        var endpointOptions = EndpointOptions(database: db, horizonDays: horizon, postsPerMinute: rateLimit,
                                              trustForwardedFor: trustProxy, publicURL: publicURL)
        endpointOptions.patientCutoff = patientCutoff * 3600
        var logger = Logger(label: "mawid")
        logger.logLevel = .info
        let server = MawidServer(options: .init(host: host, port: port, siteDirectory: location.output, endpoint: endpointOptions,
                                                metrics: listener),
                                 site: site, store: store, logger: logger)
        let worker = OutboxWorker(store: store, settings: notify.settings)
        var context = server.messageContext(templates: templates, policy: notify.policy)
        context.heldChannels = worker.unconfiguredChannels
        store.setMessageContext(context)
        // Creation messages are written in the background, so bookings commit without them.
        let composer = MessageComposer(store: store)
        composer.start { [logger] problem in logger.error("\(problem)") }
        await worker.start { [logger] problem in logger.error("\(problem)") }
        print("mawid: serving \(location.output)/ and the booking endpoint on http://\(host):\(port)/ (database \(db))")
        print("mawid: messages: " + Self.summary(notify))
        if let listener { print("mawid: metrics on http://\(HostPort.text(host: listener.host, port: listener.port))/metrics") }
        // Content edited while the server was stopped may leave bookings outside the doctors' plans.
        if let count = try? await server.countBookingsNeedingAttention(), count > 0 {
            print("mawid: \(count) booking\(count == 1 ? " needs" : "s need") attention (outside the doctors' plans): see /review/")
        }
        fflush(nil)
        do {
            try await server.run()
        } catch {
            composer.stop()
            await worker.stop()
            throw error
        }
        composer.stop()
        await worker.stop()
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
