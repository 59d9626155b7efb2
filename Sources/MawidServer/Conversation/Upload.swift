import Foundation
import Hummingbird
import MultipartKit
import NIOCore

/// A `multipart/form-data` body (an HTML form with a file input), read whole up to a limit: its text fields
/// and its file, if one was chosen. Parsed by MultipartKit's parser; an upload that stops before its closing
/// boundary is `cut`, never taken for a shorter file.
struct Upload {
    var fields: [String: String] = [:]
    /// The part of the form's `file` field, when a file was chosen.
    var fileName: String?
    var file: [UInt8] = []

    enum Failure: Error {
        case notMultipart
        case tooLarge
        case cut
    }

    static func read(_ request: inout Request, limit: Int, fileField: String = "file") async -> Result<Upload, Failure> {
        let type = request.headers[.contentType] ?? ""
        guard type.lowercased().hasPrefix("multipart/form-data"), let boundary = boundary(in: type) else { return .failure(.notMultipart) }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit { return .failure(.tooLarge) }
        let body: ByteBuffer
        do { body = try await request.body.collect(upTo: limit) } catch let error as HTTPError where error.status == .contentTooLarge {
            return .failure(.tooLarge)
        } catch {
            return .failure(.cut)
        }
        var upload = Upload()
        var headers: [(String, String)] = []
        var bytes: [UInt8] = []
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in headers.append((name, value)) }
        parser.onBody = { buffer in bytes += buffer.readableBytesView }
        parser.onPartComplete = {
            let disposition = headers.first { $0.0.lowercased() == "content-disposition" }?.1 ?? ""
            let name = parameter("name", in: disposition)
            if name == fileField {
                let fileName = parameter("filename", in: disposition) ?? ""
                if !fileName.isEmpty || !bytes.isEmpty {
                    upload.fileName = fileName
                    upload.file = bytes
                }
            } else if let name, upload.fields[name] == nil {
                upload.fields[name] = String(decoding: bytes, as: UTF8.self)
            }
            headers = []
            bytes = []
        }
        // Without its closing boundary (`--boundary--`, near the end) the upload stopped on the way.
        let closing = Array("--\(boundary)--".utf8)
        let tail = Array(body.readableBytesView.suffix(closing.count + 256))
        guard tail.count >= closing.count, (0...(tail.count - closing.count)).contains(where: { tail[$0..<($0 + closing.count)].elementsEqual(closing) })
        else { return .failure(.cut) }
        do { try parser.execute(body) } catch { return .failure(.cut) }
        return .success(upload)
    }

    /// `boundary=` of a `multipart/form-data; boundary=…` content type.
    static func boundary(in type: String) -> String? {
        parameter("boundary", in: type).flatMap { $0.isEmpty || $0.count > 200 ? nil : $0 }
    }

    /// `key="value"` or `key=value` among the `;`-separated parameters of a header value.
    static func parameter(_ key: String, in header: String) -> String? {
        for part in header.split(separator: ";").dropFirst() {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, pair[0].lowercased() == key else { continue }
            var value = pair[1]
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return value
        }
        return nil
    }
}
