import Foundation
import Hummingbird
import MawidBooking
import MawidSite

/// `GET /api/health` and `GET /api/openapi.yaml`.
///
/// Health answers at once, during the first build after start too: `"status"` says whether the database
/// answers, `"site"` whether the site folder is up to date with the content yet (`"building"`, `"ready"`).
struct SystemRoutes: Sendable {
    let store: BookingStore
    let live: LiveContent

    func add(to api: RouterGroup<AppContext>) {
        api.get("health") { _, _ in
            let healthy = await store.isHealthy()
            return Responses.json(healthy ? .ok : .serviceUnavailable,
                                  .object([("status", .string(healthy ? "ok" : "unavailable")),
                                           ("site", .string(live.isSiteWritten ? "ready" : "building"))]))
        }
        api.get("openapi.yaml") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.text)))
        }
    }
}

/// The API description shipped inside the binary.
public enum OpenAPIDocument {
    public static let text: String = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml"),
              let text = try? String(contentsOf: url, encoding: .utf8) else { return "" }
        return text
    }()
}
