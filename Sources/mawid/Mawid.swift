import ArgumentParser

@main
struct Mawid: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mawid",
        abstract: "A directory website and appointment requests for a network of doctors.",
        subcommands: [Build.self, Serve.self, New.self]
    )
}
