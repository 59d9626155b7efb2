import ArgumentParser
import Hummingbird
import Logging
import MawidServer
import MawidSite

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Build the site, then serve it and the booking endpoint.")

    @OptionGroup var location: SiteLocation
    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"
    @Option(help: "Port to listen on.")
    var port = 8080

    func run() async throws {
        try buildSite(location.builderOptions)
        var logger = Logger(label: "mawid")
        logger.logLevel = .info
        let server = MawidServer(options: .init(host: host, port: port, siteDirectory: location.output), logger: logger)
        print("mawid: serving \(location.output)/ on http://\(host):\(port)/")
        try await server.application().runService()
    }
}
