import Foundation
import Hummingbird
import MawidBooking
import MawidSite

/// Rendering helpers shared by the review pages, in the language chosen in this browser (the site's
/// default until one is: `ReviewLanguage`).
struct ReviewPage {
    let endpoint: Endpoint
    let lang: String

    init(endpoint: Endpoint, language: String? = nil) {
        self.endpoint = endpoint
        lang = language.flatMap { endpoint.site.languages.contains($0) ? $0 : nil } ?? endpoint.site.defaultLanguage
    }

    func text(_ key: String) -> String {
        endpoint.site.strings(lang).nested("review", key) ?? key
    }

    /// "Saved" after an action that redirected with `?done=`.
    func flash(_ request: Request) -> String? {
        request.uri.queryParameters["done"] != nil ? text("saved") : nil
    }

    func render(_ template: String, title: String, context: AppContext, status: HTTPResponse.Status = .ok,
                flash: String? = nil, error: String? = nil, fields: [String: Any] = [:]) -> Response {
        var review: [String: Any] = [:]
        review["account"] = context.account?.login
        review["csrf"] = context.csrf
        review["flash"] = flash
        review["error"] = error
        review["unread"] = context.unreadMessages > 0 ? context.unreadMessages : nil
        if let account = context.account {
            let problems = contentProblems(for: account)
            review["problems"] = problems.map { ["text": $0.description] }
            review["hasProblems"] = !problems.isEmpty
        }
        var all = fields
        all["review"] = (fields["review"] as? [String: Any] ?? [:]).merging(review) { a, _ in a }
        all["csrf"] = context.csrf
        let page = endpoint.site.render("review/" + template, lang: lang, title: title, path: { "/review/language/\($0)" }, fields: all)
        return Responses.html(status, page, headers: [.init("X-Frame-Options")!: "DENY"])
    }

    /// Problems of the last content change, which the server refused: all of them for an admin, those in
    /// the doctor's own files for a doctor's account.
    func contentProblems(for account: Account) -> [ContentError] {
        let problems = endpoint.live?.problems ?? []
        if account.isAdmin { return problems }
        return problems.filter { problem in
            let parts = problem.path.split(separator: "/")
            guard parts.count >= 2, parts[parts.count - 2] == "doctors" else { return false }
            let slug = parts.last!.split(separator: ".").first.map(String.init) ?? ""
            return account.canSee(doctor: slug)
        }
    }

    /// A doctor's name, a draft's too; the slug of a doctor no longer in `content/`.
    func doctorName(_ slug: String) -> String {
        endpoint.site.content.doctor(slug)?[lang].name ?? slug
    }

    /// Doctors the account may see, with their names, in directory order.
    func doctors(of account: Account) -> [Localized<Doctor>] {
        endpoint.site.doctors.filter { account.canSee(doctor: $0.slug) }
    }

    /// `doctors` as the options of a choice (`slug`, `name`, `selected`), for the templates.
    func options(_ doctors: [Localized<Doctor>], selected: (String) -> Bool) -> [[String: Any]] {
        doctors.map { ["slug": $0.slug, "name": $0[lang].name, "selected": selected($0.slug)] }
    }
}
