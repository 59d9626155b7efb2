import Foundation
import Hummingbird
import MawidSite
import NIOCore

/// Serves the site folder's files the way a phone on a slow network needs them, in front of Hummingbird's
/// `FileMiddleware` (which still answers what this does not: ranges, clients without gzip, other files):
/// - HTML, CSS, JavaScript, JSON, SVG, XML and text go gzipped to clients that accept it (`GzipCache`), with
///   `Vary: Accept-Encoding` and an ETag of their own;
/// - hashed assets (`/assets/name.HASH.ext`) are `Cache-Control: public, max-age=31536000, immutable`;
///   pages and other files are revalidated (`no-cache`);
/// - dot-files (`.mawid-manifest`, a build's temporary files) are never served.
struct SiteFiles: RouterMiddleware {
    typealias Context = AppContext
    let siteDirectory: String
    let cache: GzipCache

    static var immutable: String { "public, max-age=31536000, immutable" }

    /// Types worth compressing, by file extension.
    static let compressible: [String: String] = [
        "html": "text/html; charset=utf-8", "css": "text/css; charset=utf-8",
        "js": "text/javascript; charset=utf-8", "json": "application/json; charset=utf-8",
        "svg": "image/svg+xml", "xml": "application/xml; charset=utf-8", "txt": "text/plain; charset=utf-8",
    ]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        if path.hasPrefix("/api/") || path.hasPrefix("/review") { return try await next(request, context) }
        if Self.isHidden(path) { throw HTTPError(.notFound) }
        if request.method == .get || request.method == .head, Self.acceptsGzip(request.headers),
           let response = try compressed(path, request: request) {
            return response
        }
        var response = try await next(request, context)
        if path.hasPrefix("/assets/"), response.status == .ok || response.status == .notModified {
            response.headers[.cacheControl] = Self.immutable
        }
        let ext = ((path.hasSuffix("/") ? path + "index.html" : path) as NSString).pathExtension.lowercased()
        if Self.compressible[ext] != nil { response.headers[.vary] = "Accept-Encoding" }
        return response
    }

    /// A path with a segment starting with "." (but `/.well-known/`).
    static func isHidden(_ path: String) -> Bool {
        path.split(separator: "/").contains { $0.hasPrefix(".") && $0 != ".well-known" }
    }

    static func acceptsGzip(_ headers: HTTPFields) -> Bool {
        headers[values: .acceptEncoding].contains { value in
            value.split(separator: ",").contains { item in
                let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
                guard parts.first?.lowercased() == "gzip" else { return false }
                return !parts.dropFirst().contains { $0.replacingOccurrences(of: " ", with: "") == "q=0" }
            }
        }
    }

    /// The gzipped answer for a compressible file of the site, or nil to leave the request to the next.
    private func compressed(_ path: String, request: Request) throws -> Response? {
        guard let relative = path.removingPercentEncoding, !relative.contains("\0"),
              !relative.split(separator: "/").contains("..") else { return nil }
        let file = siteDirectory + (relative.hasSuffix("/") ? relative + "index.html" : relative)
        let ext = (file as NSString).pathExtension.lowercased()
        guard let type = Self.compressible[ext], let stamp = FileStamp(path: file), stamp.size > 0 else { return nil }
        var info = stat()
        guard stat(file, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        let eTag = "W/\"\(String(stamp.inode, radix: 16))-\(String(stamp.size, radix: 16))-\(String(stamp.modified, radix: 16))-gz\""
        var headers: HTTPFields = [
            .contentType: type, .contentEncoding: "gzip", .vary: "Accept-Encoding", .eTag: eTag,
            .cacheControl: path.hasPrefix("/assets/") ? Self.immutable : "no-cache",
        ]
        if request.headers[values: .ifNoneMatch].contains(where: { $0 == eTag || $0 == "*" }) {
            return Response(status: .notModified, headers: headers)
        }
        let gzip = try cache.gzip(path: file, stamp: stamp) {
            let data = try Data(contentsOf: URL(fileURLWithPath: file))
            return ByteBuffer(bytes: data)
        }
        headers[.contentLength] = String(gzip.readableBytes)
        return Response(status: .ok, headers: headers, body: request.method == .head ? .init() : .init(byteBuffer: gzip))
    }
}
