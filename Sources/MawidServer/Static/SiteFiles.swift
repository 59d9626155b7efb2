import Foundation
import Hummingbird
import MawidSite
import NIOCore

/// Serves the site folder's files the way a phone on a slow network needs them, in front of Hummingbird's
/// `FileMiddleware` (which still answers what this does not: photos and other files):
/// - HTML, CSS, JavaScript, JSON, SVG, XML and text are read from one open file, and go gzipped to clients
///   that accept it (`GzipCache`), with `Vary: Accept-Encoding` and an ETag per encoding;
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
        if request.method == .get || request.method == .head,
           let response = try served(path, request: request, gzip: Self.acceptsGzip(request.headers)) {
            context.coreContext.endpointPath.value = "FileMiddleware"  // counted as "static", like the rest
            return response
        }
        var response = try await next(request, context)
        if path.hasPrefix("/assets/"), response.status == .ok || response.status == .notModified {
            response.headers[.cacheControl] = Self.immutable
        }
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

    /// The answer for a page, stylesheet, script or feed of the site (gzipped when `gzip`), or nil to leave
    /// the request to the next. The file is opened once and its length, ETag and bytes all come from that
    /// open file: a rebuild renaming a new version over it mid-request cannot mix the two.
    private func served(_ path: String, request: Request, gzip: Bool) throws -> Response? {
        guard let relative = path.removingPercentEncoding, !relative.contains("\0"),
              !relative.split(separator: "/").contains("..") else { return nil }
        let file = siteDirectory + (relative.hasSuffix("/") ? relative + "index.html" : relative)
        guard let type = Self.compressible[(file as NSString).pathExtension.lowercased()] else { return nil }
        let descriptor = open(file, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        let stamp = FileStamp(info)
        let version = "\(String(stamp.inode, radix: 16))-\(String(stamp.size, radix: 16))-\(String(stamp.modified, radix: 16))"
        let eTag = "W/\"" + version + (gzip ? "-gz\"" : "\"")
        var headers: HTTPFields = [
            .contentType: type, .vary: "Accept-Encoding", .eTag: eTag,
            .cacheControl: path.hasPrefix("/assets/") ? Self.immutable : "no-cache",
        ]
        if gzip { headers[.contentEncoding] = "gzip" }
        if request.headers[values: .ifNoneMatch].contains(where: { $0 == eTag || $0 == "*" }) {
            return Response(status: .notModified, headers: headers)
        }
        let read = { () throws -> ByteBuffer in
            guard let data = try handle.readToEnd() else { return ByteBuffer() }
            return ByteBuffer(bytes: data)
        }
        let body = gzip ? try cache.gzip(path: file, stamp: stamp, read: read) : try read()
        headers[.contentLength] = String(body.readableBytes)
        return Response(status: .ok, headers: headers, body: request.method == .head ? .init() : .init(byteBuffer: body))
    }
}
