import ArgumentParser
import Foundation
import Logging
import NIOCore
import NIOPosix

@main
struct Mawid: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mawid",
        abstract: "A directory website and appointment requests for a network of doctors.",
        subcommands: [Build.self, Serve.self, New.self, AccountCommand.self, OutboxCommand.self,
                      BackupCommand.self, RestoreCommand.self, DatabaseCommand.self]
    )

    /// Runs Swift concurrency on NIO's event loops, so requests do not hop between thread pools.
    static func main() {
        LoopGlobalExecutor.install()
        LoggingSystem.bootstrap(StderrLogHandler.init)
        Task {
            await run()
            Foundation.exit(0)
        }
        dispatchMain()
    }

    static func run() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
