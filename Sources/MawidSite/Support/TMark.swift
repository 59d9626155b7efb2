import Foundation
nonisolated(unsafe) var tmarkLast = ContinuousClock.now
let tmarkOn = ProcessInfo.processInfo.environment["MAWID_TMARK"] != nil
func tmark(_ label: String) {
    guard tmarkOn else { return }
    let now = ContinuousClock.now
    FileHandle.standardError.write(Data("  \(label): \(String(format: "%.1f", (now - tmarkLast).seconds * 1000)) ms\n".utf8))
    tmarkLast = now
}
