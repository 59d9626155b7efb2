import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A blocking TCP connection with a timeout on connect, each read and each write: enough for a local SMTP
/// relay or an HTTP SMS gateway. Call it off the cooperative pool (`Blocking.run`). Errors name the step
/// and the errno, never the data.
final class TCPConnection {
    private let fd: Int32
    private var buffer: [UInt8] = []

    /// `host`, `host:port` or `[v6]:port` (an SMTP relay, an HTTP URL's authority), `defaultPort` when no port
    /// is given; nil for an empty host, a port outside 1…65535, or a host with white space or `@`.
    static func hostPort(_ authority: some StringProtocol, defaultPort: Int) -> (host: String, port: Int)? {
        let text = String(authority)
        var host = text[...], port = defaultPort
        if let colon = host.lastIndex(of: ":"), !host.hasSuffix("]") {
            guard let number = Int(host[host.index(after: colon)...]), (1...65535).contains(number) else { return nil }
            port = number
            host = host[..<colon]
        }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = host.dropFirst().dropLast() }
        guard !host.isEmpty, !host.contains(where: { $0.isWhitespace || $0 == "@" }) else { return nil }
        return (String(host), port)
    }

    init(host: String, port: Int, timeout: TimeInterval) throws {
        _ = ignoreBrokenPipes
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if os(Linux)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else {
            throw DeliveryError("cannot resolve the host")
        }
        defer { freeaddrinfo(list) }
        var lastError: Int32 = 0
        var info: UnsafeMutablePointer<addrinfo>? = first
        while let current = info {
            info = current.pointee.ai_next
            let socketFD = socket(current.pointee.ai_family, current.pointee.ai_socktype, current.pointee.ai_protocol)
            guard socketFD >= 0 else { lastError = errno; continue }
            if Self.connect(socketFD, current.pointee.ai_addr, current.pointee.ai_addrlen, timeout: timeout, error: &lastError) {
                fd = socketFD
                var time = timeval(tv_sec: time_t(timeout), tv_usec: suseconds_t(timeout.truncatingRemainder(dividingBy: 1) * 1_000_000))
                setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
                setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
                return
            }
            close(socketFD)
        }
        throw DeliveryError("cannot connect (\(Self.errnoName(lastError)))")
    }

    deinit { close(fd) }

    /// Non-blocking connect, then `poll` for at most `timeout`; the socket is left blocking.
    private static func connect(_ fd: Int32, _ address: UnsafeMutablePointer<sockaddr>?, _ length: socklen_t,
                                timeout: TimeInterval, error: inout Int32) -> Bool {
        let flags = fcntl(fd, F_GETFL, 0)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
        defer { _ = fcntl(fd, F_SETFL, flags) }
        #if os(Linux)
        let result = Glibc.connect(fd, address, length)
        #else
        let result = Darwin.connect(fd, address, length)
        #endif
        if result == 0 { return true }
        guard errno == EINPROGRESS else { error = errno; return false }
        var poller = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
        guard poll(&poller, 1, Int32(timeout * 1000)) == 1 else { error = ETIMEDOUT; return false }
        var status: Int32 = 0
        var size = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &status, &size)
        if status != 0 { error = status; return false }
        return true
    }

    func write(_ text: String) throws { try write(Array(text.utf8)) }

    func write(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { raw in
                #if os(Linux)
                Glibc.send(fd, raw.baseAddress, raw.count, Int32(MSG_NOSIGNAL))
                #else
                Darwin.send(fd, raw.baseAddress, raw.count, 0)
                #endif
            }
            if sent < 0 {
                if errno == EINTR { continue }
                throw DeliveryError("write failed (\(Self.errnoName(errno)))")
            }
            offset += sent
        }
    }

    /// One line without its CR LF; at most 64 KB.
    func readLine() throws -> String {
        while true {
            if let newline = buffer.firstIndex(of: 10) {
                var line = Array(buffer[..<newline])
                buffer.removeFirst(newline + 1)
                if line.last == 13 { line.removeLast() }
                return String(decoding: line, as: UTF8.self)
            }
            guard buffer.count < 65_536, try fill() > 0 else { throw DeliveryError("connection closed early") }
        }
    }

    private func fill() throws -> Int {
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count < 0 {
                if errno == EINTR { continue }
                throw DeliveryError(errno == EAGAIN || errno == EWOULDBLOCK ? "timed out waiting for an answer"
                                                                             : "read failed (\(Self.errnoName(errno)))")
            }
            buffer += chunk[..<count]
            return count
        }
    }

    static func errnoName(_ code: Int32) -> String {
        switch code {
        case ECONNREFUSED: "connection refused"
        case ETIMEDOUT: "timed out"
        case EHOSTUNREACH, ENETUNREACH: "unreachable"
        case ECONNRESET: "connection reset"
        case EPIPE: "connection closed"
        default: "errno \(code)"
        }
    }
}
