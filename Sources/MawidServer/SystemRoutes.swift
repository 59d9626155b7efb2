import Foundation
import Hummingbird
import MawidBooking
import MawidSite

/// `GET /api/health` and `GET /api/openapi.yaml`.
struct SystemRoutes: Sendable {
    let store: BookingStore

    func add(to api: RouterGroup<AppContext>) {
        api.get("health") { _, _ in
            let healthy = await store.isHealthy()
            return Responses.json(healthy ? .ok : .serviceUnavailable,
                                  .object([("status", .string(healthy ? "ok" : "unavailable"))]))
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
