import CompressNIO
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MawidSite
import NIOCore
import Testing
@testable import MawidServer

/// Pages, CSS, JavaScript and JSON go gzipped to clients that accept it; hashed assets are cached for good.
@Suite struct CompressionTests {
    static let gzip: HTTPFields = [.acceptEncoding: "gzip, deflate, br"]

    func file(_ fixture: ServerFixture, _ path: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: fixture.root + "/site" + path))
    }

    func gunzip(_ response: TestResponse) throws -> Data {
        var body = response.body
        return Data(try body.decompress(with: .gzip()).readableBytesView)
    }

    @Test func pagesGoGzippedToClientsThatAcceptItAndPlainToOthers() async throws {
        let fixture = try ServerFixture()
        let page = try file(fixture, "/fr/doctors/amina-benali/index.html")
        try await fixture.test { client, _ in
            let zipped = try await client.get("/fr/doctors/amina-benali/", headers: Self.gzip)
            #expect(zipped.status == .ok)
            #expect(zipped.headers[.contentEncoding] == "gzip")
            #expect(zipped.headers[.vary] == "Accept-Encoding")
            #expect(zipped.headers[.contentType] == "text/html; charset=utf-8")
            #expect(zipped.headers[.cacheControl] == "no-cache")
            #expect(zipped.body.readableBytes * 2 < page.count)
            #expect(try gunzip(zipped) == page)

            let plain = try await client.get("/fr/doctors/amina-benali/")
            #expect(plain.headers[.contentEncoding] == nil)
            #expect(plain.headers[.vary] == "Accept-Encoding")
            #expect(Data(plain.body.readableBytesView) == page)
            // gzip;q=0 means "not gzip".
            #expect(try await client.get("/fr/", headers: [.acceptEncoding: "gzip;q=0"]).headers[.contentEncoding] == nil)

            for path in ["/fr/search.json", "/sitemap.xml"] {
                let response = try await client.get(path, headers: Self.gzip)
                #expect(response.headers[.contentEncoding] == "gzip", "\(path)")
                #expect(try gunzip(response) == (try file(fixture, path)), "\(path)")
            }
        }
    }

    @Test func aRevalidatedPageIsNotSentAgainAndARewrittenOneIsNeverStale() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client, _ in
            let first = try await client.get("/fr/doctors/amina-benali/", headers: Self.gzip)
            let eTag = try #require(first.headers[.eTag])
            var again = Self.gzip
            again[.ifNoneMatch] = eTag
            #expect(try await client.get("/fr/doctors/amina-benali/", headers: again).status == .notModified)

            let path = fixture.root + "/site/fr/doctors/amina-benali/index.html"
            let edited = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "Amina", with: "Aminata")
            try edited.write(toFile: path, atomically: true, encoding: .utf8)
            let changed = try await client.get("/fr/doctors/amina-benali/", headers: again)
            #expect(changed.status == .ok)
            #expect(String(decoding: try gunzip(changed), as: UTF8.self) == edited)
        }
    }

    @Test func hashedAssetsAreImmutableAndHiddenFilesAreNotServed() async throws {
        let fixture = try ServerFixture()
        let assets = try FileManager.default.contentsOfDirectory(atPath: fixture.root + "/site/assets")
        let css = try #require(assets.first { $0.hasPrefix("style.") && $0.hasSuffix(".css") })
        try await fixture.test { client, _ in
            for headers in [Self.gzip, [:]] {
                let response = try await client.get("/assets/" + css, headers: headers)
                #expect(response.status == .ok)
                #expect(response.headers[.cacheControl] == "public, max-age=31536000, immutable")
            }
            #expect(try await client.get("/assets/" + css, headers: Self.gzip).headers[.contentEncoding] == "gzip")
            #expect(try await client.get("/fr/").headers[.cacheControl] == "no-cache")
            #expect(FileManager.default.fileExists(atPath: fixture.root + "/site/.mawid-manifest"))
            for headers in [Self.gzip, [:]] {
                #expect(try await client.get("/.mawid-manifest", headers: headers).status == .notFound)
            }
        }
    }

    /// A rebuild renames new pages over old ones while they are being served: each answer is one version,
    /// whole, with its own length.
    @Test func aPageReplacedWhileServedIsNeverMixed() async throws {
        let fixture = try ServerFixture()
        let path = fixture.root + "/site/fr/contact/index.html"
        let original = try String(contentsOfFile: path, encoding: .utf8)
        let versions = [original, original + String(repeating: "<!-- longer -->\n", count: 300)]
        try await fixture.test { client, _ in
            let writer = Task.detached {
                for round in 0..<300 { try? versions[round % 2].write(toFile: path, atomically: true, encoding: .utf8) }
            }
            for round in 0..<300 {
                let headers: HTTPFields = round % 2 == 0 ? Self.gzip : [:]
                let response = try await client.get("/fr/contact/", headers: headers)
                #expect(response.status == .ok)
                #expect(response.headers[.contentLength] == String(response.body.readableBytes))
                let text = round % 2 == 0 ? String(decoding: try gunzip(response), as: UTF8.self) : String(buffer: response.body)
                #expect(versions.contains(text))
            }
            await writer.value
        }
    }

    @Test func theCacheKeepsToItsLimit() throws {
        let root = NSTemporaryDirectory() + "mawid-gzip-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let cache = GzipCache(limit: 40_000)
        for number in 0..<20 {
            let path = root + "/\(number).txt"
            // Random letters do not compress below about 5 KB.
            let text = String((0..<8_000).map { _ in "abcdefghijklmnopqrstuvwxyz".randomElement()! })
            try text.write(toFile: path, atomically: false, encoding: .utf8)
            let stamp = try #require(FileStamp(path: path))
            var zipped = try cache.gzip(path: path, stamp: stamp) { ByteBuffer(string: text) }
            #expect(String(buffer: try zipped.decompress(with: .gzip())) == text)
            #expect(cache.bytes <= 40_000)
        }
        #expect(cache.bytes > 0)
    }
}
