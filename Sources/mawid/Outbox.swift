import ArgumentParser
import Foundation
import MawidBooking

/// `mawid outbox list|retry`: the emails and SMS waiting to be sent, sent, held or failed.
struct OutboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outbox", abstract: "See and retry the emails and SMS sent to patients and practices.",
        subcommands: [List.self, Retry.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the messages not sent yet (pending, held, failed), one per line.",
            discussion: "Columns: id, kind, channel, recipient (masked), booking reference, state, attempts, next attempt (UTC), last error.")
        @Flag(help: "Also list the messages already sent.")
        var all = false
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let messages = try await BookingStore(database: database.open()).outbox(all: all)
            if messages.isEmpty {
                print(all ? "the outbox is empty" : "nothing waiting: every message was sent (--all lists them)")
            }
            let format = ISO8601DateFormatter()
            for message in messages {
                let columns = [
                    String(message.id), message.kind.rawValue, message.channel.rawValue, message.maskedRecipient,
                    message.bookingReference ?? "-", message.state.rawValue, String(message.attempts),
                    message.state == .sent ? message.sentAt.map { "sent " + format.string(from: $0) } ?? "sent"
                        : format.string(from: message.nextAttemptAt),
                    message.lastError ?? "",
                ]
                print(columns.joined(separator: "\t"))
            }
        }
    }

    struct Retry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send a message now: a failed one after fixing the mail or SMS settings, or a scheduled reminder ahead of time.",
            discussion: "--failed sends every failed message again. A message already sent is left alone.")
        @Argument(help: "The message's id (first column of `mawid outbox list`).")
        var id: Int64?
        @Flag(help: "Retry every failed message.")
        var failed = false
        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            if (id == nil) == !failed { throw ValidationError("give a message id or --failed") }
        }

        func run() async throws {
            let store = BookingStore(database: try database.open())
            if failed {
                let count = try await store.retryFailedOutbox(now: Date())
                print("mawid: \(count) failed message\(count == 1 ? "" : "s") will be sent again")
            } else if let id {
                guard try await store.retryOutbox(id: id, now: Date()) else {
                    FileHandle.standardError.write(Data("mawid: no unsent message \(id) in the outbox\n".utf8))
                    throw ExitCode(1)
                }
                print("mawid: message \(id) will be sent again")
            }
        }
    }
}
