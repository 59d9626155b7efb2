import ArgumentParser
import Foundation

/// Runs `body`; any failure becomes one line on standard error ("mawid: …", naming the file and what to do)
/// and exit code 1.
func exitingOnFailure<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch {
        FileHandle.standardError.write(Data("mawid: \(error)\n".utf8))
        throw ExitCode(1)
    }
}
