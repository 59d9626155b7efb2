import Foundation

/// Email through a local `sendmail`-compatible command (Postfix, msmtp, OpenSMTPD…): the message on its
/// standard input, recipients read from the headers (`-t`), a lone dot not ending it (`-i`).
public struct SendmailChannel: MessageChannel {
    public var command: String
    public var arguments: [String]
    /// `From:` of the emails, e.g. `Mawid <no-reply@mawid.example.dz>`.
    public var from: String
    public var timeout: TimeInterval

    public init(command: String = "/usr/sbin/sendmail", arguments: [String] = ["-t", "-i"], from: String,
                timeout: TimeInterval = 30) {
        self.command = command
        self.arguments = arguments
        self.from = from
        self.timeout = timeout
    }

    public func send(_ message: OutgoingMessage) async throws {
        let text = try EmailFormat.message(message, from: from, lineEnding: "\n")
        let (command, arguments, timeout) = (command, arguments, timeout)
        try await Blocking.run { try Self.run(command, arguments, input: Data(text.utf8), timeout: timeout) }
    }

    /// Runs the command with `input` on stdin; its output is discarded (it may quote addresses).
    static func run(_ command: String, _ arguments: [String], input: Data, timeout: TimeInterval) throws {
        _ = ignoreBrokenPipes
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command)
        process.arguments = arguments
        let stdin = Pipe()
        process.standardInput = stdin
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let done = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in done.signal() }
        do {
            try process.run()
        } catch {
            throw DeliveryError("sendmail could not be started")
        }
        // A command that exits without reading makes this write fail (EPIPE), not kill the server.
        try? stdin.fileHandleForWriting.write(contentsOf: input)
        try? stdin.fileHandleForWriting.close()
        if done.wait(timeout: .now() + timeout) == .timedOut {
            // SIGKILL: a server that handles SIGTERM itself (graceful shutdown) starts children ignoring it.
            kill(process.processIdentifier, SIGKILL)
            throw DeliveryError("sendmail did not finish within \(Int(timeout)) s")
        }
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            throw DeliveryError("sendmail exited with status \(process.terminationStatus)")
        }
    }
}

/// A write to a pipe or socket whose reader is gone fails with EPIPE instead of killing the process
/// (servers usually ignore SIGPIPE anyway). Done once.
let ignoreBrokenPipes: Void = {
    signal(SIGPIPE, SIG_IGN)
    return ()
}()
