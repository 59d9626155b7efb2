import ArgumentParser
import Foundation
import Hummingbird
import Logging
import MawidBooking
import MawidServer
import MawidSite

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build the site, then serve it and the booking endpoint.",
        discussion: "Stops gracefully on SIGINT/SIGTERM: requests in flight finish first.")

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

    func run() async throws {
        let site = try buildSite(location.builderOptions).site
        let store = try BookingStore(path: db)
        var endpointOptions = EndpointOptions(database: db, horizonDays: horizon, postsPerMinute: rateLimit,
                                              trustForwardedFor: trustProxy, publicURL: publicURL)
        endpointOptions.patientCutoff = patientCutoff * 3600
        var logger = Logger(label: "mawid")
        logger.logLevel = .info
        let server = MawidServer(options: .init(host: host, port: port, siteDirectory: location.output, endpoint: endpointOptions),
                                 site: site, store: store, logger: logger)
        print("mawid: serving \(location.output)/ and the booking endpoint on http://\(host):\(port)/ (database \(db))")
        fflush(nil)
        try await server.application().runService()
    }
}
