import Foundation
import Hummingbird
import MawidBooking
import MawidSite

/// `/review/figures?doctor=&from=&through=`: how a doctor's practice, or the network for an admin, did over a
/// period (`BookingStore.figures`): the key numbers, then charts drawn on the server (`BarChart`) each with a
/// table of its numbers. `/review/figures.csv` with the same query: the same as a spreadsheet (`FiguresCSV`).
///
/// `doctor` is one of the account's doctors, or `all` (the whole network: every booking in the database) for
/// an admin, whose default it is; another doctor, or `all` for an account that is not an admin, is a 404, as a
/// booking the account may not see is. The period is the last 30 days up to today unless given.
struct ReviewFiguresRoutes: Sendable {
    let endpoint: Endpoint
    /// The review area's language chosen in this browser (`ReviewAuth`); nil: the site's default.
    var language: String?

    var page: ReviewPage { ReviewPage(endpoint: endpoint, language: language) }

    static func add(to review: RouterGroup<AppContext>) {
        review.get("figures") { request, context in try await Self(endpoint: try context.endpoint(), language: context.language).figures(request, context) }
        review.get("figures.csv") { request, context in try await Self(endpoint: try context.endpoint(), language: context.language).csv(request, context) }
    }

    /// Whose figures.
    enum Choice: Equatable {
        case network
        case doctor(String)

        /// For `BookingStore.figures`.
        var visible: [String]? {
            switch self {
            case .network: nil
            case .doctor(let slug): [slug]
            }
        }

        /// The `doctor=` value.
        var parameter: String {
            switch self {
            case .network: "all"
            case .doctor(let slug): slug
            }
        }
    }

    /// The choice `doctor=` asks for, or the account's default; nil for an account without doctors.
    /// - Throws: 404 for a doctor the account does not serve, or `all` from an account that is not an admin.
    func choice(_ asked: String?, account: Account, doctors: [Localized<Doctor>]) throws -> Choice? {
        switch asked {
        case nil, "":
            return account.isAdmin ? .network : doctors.first.map { .doctor($0.slug) }
        case "all":
            guard account.isAdmin else { throw HTTPError(.notFound) }
            return .network
        case let slug?:
            guard account.canSee(doctor: slug), doctors.contains(where: { $0.slug == slug }) else { throw HTTPError(.notFound) }
            return .doctor(slug)
        }
    }

    func figures(_ request: Request, _ context: AppContext) async throws -> Response {
        let account = try context.signedIn
        let doctors = page.doctors(of: account)
        let query = request.uri.queryParameters
        let title = page.text("figures")
        guard let chosen = try choice(query["doctor"].map(String.init), account: account, doctors: doctors) else {
            return page.render("figures", title: title, context: context)
        }
        let today = endpoint.calendar().today
        let period = FiguresPeriod(from: query["from"].map(String.init), through: query["through"].map(String.init), today: today)
        let figures = try await endpoint.store.figures(doctors: chosen.visible, from: period.from, through: period.through)
        let view = FiguresView(page: page)
        let who = switch chosen {
        case .network: page.text("figures_all")
        case .doctor(let slug): page.doctorName(slug)
        }
        let dates = view.text("figures_period", ["from": endpoint.site.formatDate(period.from, lang: page.lang),
                                                 "through": endpoint.site.formatDate(period.through, lang: page.lang)])
        let link = { (period: FiguresPeriod) in "doctor=\(chosen.parameter)&\(period.query)" }
        let fields: [String: Any] = [
            "who": who,
            "dates": dates,
            "isAdmin": account.isAdmin,
            "allSelected": chosen == .network,
            "doctors": page.options(doctors) { chosen == .doctor($0) },
            "from": period.from.description,
            "through": period.through.description,
            "quick": FiguresPeriod.quick(today: today).map { quick -> [String: Any] in
                ["label": page.text(quick.key), "href": "/review/figures?" + link(quick.period), "current": quick.period == period]
            },
            "csv": "/review/figures.csv?" + link(period),
            "hasRequests": figures.requests > 0,
            "numbers": view.numbers(figures),
            "charts": figures.requests > 0 ? view.charts(figures) : [],
        ]
        return page.render("figures", title: "\(title) — \(who)", context: context, fields: ["figures": fields])
    }

    func csv(_ request: Request, _ context: AppContext) async throws -> Response {
        let account = try context.signedIn
        let query = request.uri.queryParameters
        guard let chosen = try choice(query["doctor"].map(String.init), account: account, doctors: page.doctors(of: account)) else {
            throw HTTPError(.notFound)
        }
        let period = FiguresPeriod(from: query["from"].map(String.init), through: query["through"].map(String.init),
                                   today: endpoint.calendar().today)
        let perDoctor = try await endpoint.store.figuresPerDoctor(doctors: chosen.visible, from: period.from, through: period.through)
        var rows = perDoctor.map { FiguresCSV.Row(doctor: $0.key, name: page.doctorName($0.key), figures: $0.value) }
            .sorted { ($0.name, $0.doctor) < ($1.name, $1.doctor) }
        if rows.isEmpty, case .doctor(let slug) = chosen {
            rows = [FiguresCSV.Row(doctor: slug, name: page.doctorName(slug), figures: PracticeFigures(from: period.from, through: period.through))]
        }
        let csv = FiguresCSV(rows: rows, withTotal: chosen == .network || rows.count > 1, totalName: page.text("figures_all"),
                             period: (period.from, period.through))
        return Response(status: .ok, headers: [
            .contentType: "text/csv; charset=utf-8",
            .contentDisposition: "attachment; filename=\"figures-\(period.from)-\(period.through).csv\"",
            .cacheControl: "no-store",
            .init("X-Content-Type-Options")!: "nosniff",
        ], body: .init(byteBuffer: ByteBuffer(string: csv.text)))
    }
}
