import Foundation
import Hummingbird

/// The fields of a POST, from a form (`application/x-www-form-urlencoded`) or from JSON.
struct RequestInput: Sendable {
    static let maxBodySize = 16 * 1024

    enum Kind: Sendable { case form, json }

    let kind: Kind
    let fields: [String: String]

    var isForm: Bool { kind == .form }

    /// Why a body was refused before any field was looked at.
    struct Rejection: Error {
        let status: HTTPResponse.Status
        let message: String

        /// The JSON `{error}` answer.
        var response: Response { Responses.error(status, message) }
    }

    static func read(_ request: inout Request) async throws(Rejection) -> RequestInput {
        let type = request.headers[.contentType]?.lowercased() ?? ""
        let kind: Kind
        if type.hasPrefix("application/x-www-form-urlencoded") { kind = .form }
        else if type.hasPrefix("application/json") { kind = .json }
        else {
            throw Rejection(status: .unsupportedMediaType,
                            message: "send application/x-www-form-urlencoded or application/json, not \(type.isEmpty ? "no Content-Type" : type)")
        }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > maxBodySize {
            throw Rejection(status: .contentTooLarge, message: "the request is larger than \(maxBodySize / 1024) KB")
        }
        let buffer: ByteBuffer
        do { buffer = try await request.collectBody(upTo: maxBodySize) } catch {
            throw Rejection(status: .contentTooLarge, message: "the request is larger than \(maxBodySize / 1024) KB")
        }
        let bytes = Array(buffer.readableBytesView)
        switch kind {
        case .form:
            guard let fields = parseForm(bytes) else {
                throw Rejection(status: .badRequest, message: "the form is not valid UTF-8 text")
            }
            return RequestInput(kind: .form, fields: fields)
        case .json:
            guard String(validating: bytes, as: UTF8.self) != nil else {
                throw Rejection(status: .badRequest, message: "the body is not valid UTF-8 text")
            }
            let fields: [String: String]
            do { fields = try JSONFields.read(bytes) } catch {
                switch error {
                case .notAnObject: throw Rejection(status: .badRequest, message: "the body is not a JSON object")
                case .notText(let key): throw Rejection(status: .badRequest, message: "field \"\(key)\" must be a string")
                }
            }
            return RequestInput(kind: .json, fields: fields)
        }
    }

    /// Decodes `a=1&b=x+y%C3%A9`; nil when a value is not valid UTF-8. Later duplicates win.
    static func parseForm(_ bytes: [UInt8]) -> [String: String]? {
        var fields: [String: String] = [:]
        for pair in bytes.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            guard let key = decode(parts[0]) else { return nil }
            guard let value = parts.count > 1 ? decode(parts[1]) : "" else { return nil }
            fields[key] = value
        }
        return fields
    }

    private static func decode(_ bytes: ArraySlice<UInt8>) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let b = bytes[i]
            if b == UInt8(ascii: "+") { out.append(UInt8(ascii: " ")) }
            else if b == UInt8(ascii: "%"), i + 2 < bytes.endIndex,
                    let h = hex(bytes[i + 1]), let l = hex(bytes[i + 2]) {
                out.append(h << 4 | l)
                i += 2
            } else { out.append(b) }
            i += 1
        }
        return String(validating: out, as: UTF8.self)
    }

    private static func hex(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
