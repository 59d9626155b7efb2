import Foundation
import Hummingbird
import MawidBooking
import MawidConversation

/// The documents of a booking, for its patient and its practice:
/// - `POST /api/b/{token}/documents`, `GET /api/b/{token}/documents/{id}`: from the patient's page;
/// - `POST /review/bookings/{id}/documents`, `GET /review/bookings/{id}/documents/{doc}`: in /review.
/// Uploads are `multipart/form-data` (field `file`; `csrf` in /review), refused with the page again and why
/// (nothing half-kept); downloads are attachments, never cached, never sniffed.
struct DocumentRoutes: Sendable {
    let endpoint: Endpoint
    var language: String?

    /// A file of at most `Documents.maxFileSize` and the form around it.
    static let uploadLimit = Documents.maxFileSize + 64 * 1024

    static func add(api: RouterGroup<AppContext>) {
        api.post("b/:token/documents") { request, context in try await Self(endpoint: try context.endpoint()).patientUpload(request, context) }
        api.get("b/:token/documents/:id") { _, context in try await Self(endpoint: try context.endpoint()).patientDownload(context) }
    }

    static func add(review: RouterGroup<AppContext>) {
        review.post("bookings/:id/documents") { request, context in
            try await Self(endpoint: try context.endpoint(), language: context.language).practiceUpload(request, context)
        }
        review.get("bookings/:id/documents/:doc") { _, context in
            try await Self(endpoint: try context.endpoint(), language: context.language).practiceDownload(context)
        }
    }

    // MARK: Patient

    func patientUpload(_ request: Request, _ context: AppContext) async throws -> Response {
        var request = request
        let token = context.parameters.get("token") ?? ""
        guard let booking = try await endpoint.store.booking(token: token) else { throw HTTPError(.notFound) }
        let view = DocumentsView(endpoint: endpoint, lang: endpoint.site.language(booking.request.language), forPatient: true)
        let upload: Upload
        switch await Upload.read(&request, limit: Self.uploadLimit) {
        case .success(let value): upload = value
        case .failure(.notMultipart): return Responses.error(.unsupportedMediaType, "Send the file as multipart/form-data, in the field `file`.")
        case .failure(let failure):
            return try await patientPage(booking, token: token, request, status: failure == .tooLarge ? .contentTooLarge : .badRequest,
                                         error: view.message(failure))
        }
        do {
            try await Documents(store: endpoint.store).add(bookingID: booking.id, fromPatient: true, author: AuditEvent.patientActor,
                                                           fileName: upload.fileName ?? "", bytes: upload.file, now: endpoint.options.clock())
        } catch let problem as Documents.Problem {
            return try await patientPage(booking, token: token, request, status: Self.status(problem),
                                         error: view.message(problem, fileName: upload.fileName))
        }
        return Responses.seeOther(endpoint.managePath(token: token) + "?done=document_added#documents")
    }

    func patientDownload(_ context: AppContext) async throws -> Response {
        guard let booking = try await endpoint.store.booking(token: context.parameters.get("token") ?? ""),
              let id = context.parameters.get("id", as: Int64.self),
              let (info, bytes) = try await Documents(store: endpoint.store).content(id: id, bookingID: booking.id) else {
            throw HTTPError(.notFound)
        }
        return Self.file(info, bytes)
    }

    private func patientPage(_ booking: StoredBooking, token: String, _ request: Request, status: HTTPResponse.Status,
                             error: String) async throws -> Response {
        try await BookingRoutes(endpoint: endpoint).patientPage(booking, token: token, query: request.uri.queryParameters,
                                                                documentError: error, status: status)
    }

    // MARK: Practice

    func practiceUpload(_ request: Request, _ context: AppContext) async throws -> Response {
        var request = request
        let account = try context.signedIn
        guard let id = context.parameters.get("id", as: Int64.self),
              let booking = try await endpoint.store.booking(id: id, doctors: account.visibleDoctors) else { throw HTTPError(.notFound) }
        let page = ReviewPage(endpoint: endpoint, language: language)
        let view = DocumentsView(endpoint: endpoint, lang: page.lang, forPatient: false)
        let review = ReviewRoutes(endpoint: endpoint, language: language)
        let upload: Upload
        switch await Upload.read(&request, limit: Self.uploadLimit) {
        case .success(let value): upload = value
        case .failure(.notMultipart): throw HTTPError(.unsupportedMediaType)
        case .failure(let failure):
            return try await review.bookingPage(booking, context, documentError: view.message(failure),
                                                status: failure == .tooLarge ? .contentTooLarge : .badRequest)
        }
        guard let expected = context.csrf, secretsMatch(expected, upload.fields["csrf"] ?? "") else {
            throw HTTPError(.forbidden, message: "The page expired: reload it and try again.")
        }
        do {
            try await Documents(store: endpoint.store).add(bookingID: booking.id, fromPatient: false, author: account.login,
                                                           fileName: upload.fileName ?? "", bytes: upload.file, now: endpoint.options.clock())
        } catch let problem as Documents.Problem {
            return try await review.bookingPage(booking, context, documentError: view.message(problem, fileName: upload.fileName),
                                                status: Self.status(problem))
        }
        return Responses.seeOther("/review/bookings/\(booking.id)?done=1#documents")
    }

    func practiceDownload(_ context: AppContext) async throws -> Response {
        let account = try context.signedIn
        guard let id = context.parameters.get("id", as: Int64.self),
              let booking = try await endpoint.store.booking(id: id, doctors: account.visibleDoctors),
              let doc = context.parameters.get("doc", as: Int64.self),
              let (info, bytes) = try await Documents(store: endpoint.store).content(id: doc, bookingID: booking.id) else {
            throw HTTPError(.notFound)
        }
        return Self.file(info, bytes)
    }

    // MARK: Shared

    static func status(_ problem: Documents.Problem) -> HTTPResponse.Status {
        switch problem {
        case .tooBig: .contentTooLarge
        case .bookingFull: .conflict
        case .cut: .badRequest
        case .noFile, .wrongType, .badName: .unprocessableContent
        }
    }

    /// The file as an attachment: its checked type, never sniffed by the browser, never cached or kept by a
    /// proxy, its name in UTF-8 with an ASCII fallback.
    static func file(_ info: DocumentInfo, _ bytes: [UInt8]) -> Response {
        let fallback = String(info.fileName.unicodeScalars.map { $0.isASCII && $0 != "\"" && $0 != "\\" && $0.value >= 0x20 ? Character($0) : "_" })
        let encoded = info.fileName.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: ".-_"))) ?? fallback
        return Response(status: .ok, headers: [
            .contentType: info.mediaType,
            .contentDisposition: "attachment; filename=\"\(fallback)\"; filename*=UTF-8''\(encoded)",
            .init("X-Content-Type-Options")!: "nosniff",
            .cacheControl: "no-store, private",
            .init("Referrer-Policy")!: "no-referrer",
            .init("Content-Security-Policy")!: "default-src 'none'; sandbox",
        ], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
