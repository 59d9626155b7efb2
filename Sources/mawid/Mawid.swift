import ArgumentParser
import Foundation

@main
struct Mawid: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mawid",
        abstract: "A directory website and appointment requests for a network of doctors.",
        subcommands: [Build.self, Serve.self, New.self, AccountCommand.self]
    )

    static func main() async {
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
