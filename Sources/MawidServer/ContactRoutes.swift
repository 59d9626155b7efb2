import Foundation
import Hummingbird
import MawidBooking
import MawidSite

/// `POST /api/contact` and its confirmation page.
struct ContactRoutes: Sendable {
    let endpoint: Endpoint

    static func add(to api: RouterGroup<AppContext>) {
        api.post("contact") { request, context in try await Self(endpoint: try context.endpoint()).create(request, context) }
        api.get("contact/sent") { request, context in Self(endpoint: try context.endpoint()).sent(request) }
    }

    func create(_ request: Request, _ context: AppContext) async throws -> Response {
        var request = request
        let input: RequestInput
        do { input = try await RequestInput.read(&request) } catch { return error.response }
        let lang = endpoint.site.language(input.fields["lang"])
        switch ContactMessage.validate(input.fields, languages: endpoint.site.languages) {
        case .spam:
            break
        case .invalid(let errors):
            guard input.isForm else { return Responses.invalid(errors) }
            let form = endpoint.formState(input.fields, errors: errors, lang: lang)
            return Responses.html(.unprocessableContent, endpoint.site.contactPage(lang: lang, form: form))
        case .valid(let message):
            _ = try await endpoint.store.saveContact(message, now: endpoint.options.clock())
        }
        if input.isForm {
            return Responses.seeOther("\(endpoint.localAPI)/contact/sent?lang=\(lang)")
        }
        return Responses.json(.created, .object([("status", .string("received"))]))
    }

    func sent(_ request: Request) -> Response {
        let lang = endpoint.site.language(request.uri.queryParameters["lang"].map(String.init))
        return endpoint.notice(.ok, lang: lang, title: endpoint.text("contact_sent_title", lang: lang),
                               lines: [endpoint.text("contact_sent_text", lang: lang)])
    }
}
