import Foundation
import Hummingbird
import MawidBooking
import MawidDelivery
import MawidSite

/// `/review/hours/{doctor}`: a doctor's slot length, weekly hours and absences, edited from the browser by the
/// doctor or an account that serves them. A save rewrites only `slot:`, `hours:` and `holidays:` of the
/// doctor's Markdown file (`DoctorPlan.written(into:)`), after the checks of `mawid build`; the bookings the
/// change would leave outside the plan are listed first and the save waits for "Save anyway"; a file
/// changed since the form was filled (a text editor, another window) is never overwritten: the form says
/// so and keeps what was typed. Each change goes into the plan-edit log and live as a saved file does.
struct ReviewPlanRoutes: Sendable {
    let endpoint: Endpoint
    /// The review area's language chosen in this browser (`ReviewAuth`); nil: the site's default.
    var language: String?

    var page: ReviewPage { ReviewPage(endpoint: endpoint, language: language) }

    static func add(to review: RouterGroup<AppContext>) {
        review.get("hours") { _, context in try Self(endpoint: try context.endpoint(), language: context.language).list(context) }
        review.get("hours/:doctor") { request, context in try await Self(endpoint: try context.endpoint(), language: context.language).show(request, context) }
        review.post("hours/:doctor") { request, context in try await Self(endpoint: try context.endpoint(), language: context.language).save(request, context) }
    }

    /// What the page shows besides the form's values.
    struct State {
        var form: PlanForm
        /// The plan in the file now, which the form's absences and `base` come from.
        var current: DoctorPlan
        var errors: PlanForm.Errors = []
        /// The file changed since the form was filled: what it says now.
        var changedMeanwhile = false
        /// Bookings the change would leave outside the plan, and the plan to confirm it for.
        var conflicts: [(StoredBooking, PlanCheck.Reason)] = []
        var confirmToken: String?
        var fileProblems: [ContentError] = []
    }

    /// The account's doctors; one doctor goes straight to its page.
    func list(_ context: AppContext) throws -> Response {
        let doctors = page.doctors(of: try context.signedIn)
        if doctors.count == 1 { return Responses.seeOther("/review/hours/\(doctors[0].slug)") }
        let rows = doctors.map { ["slug": $0.slug, "name": $0[page.lang].name] }
        return page.render("hours-list", title: page.text("hours"), context: context, fields: ["doctors": rows])
    }

    func show(_ request: Request, _ context: AppContext) async throws -> Response {
        let slug = try doctor(context)
        let flash = request.uri.queryParameters["saved"].map { count -> String in
            let attention = Int(count) ?? 0
            return page.text("plan_saved") + (attention > 0 ? " " + page.text("plan_saved_attention").replacingOccurrences(of: "{{count}}", with: "\(attention)") : "")
        } ?? (request.uri.queryParameters["unchanged"] != nil ? page.text("plan_unchanged") : nil)
        guard let files else { return try await render(slug, state: nil, context: context, flash: flash) }
        let text = try files.read(slug)
        switch read(text, slug: slug, files: files) {
        case .failure(let problems):
            let plan = DoctorPlan(try served(slug, context))
            var state = State(form: PlanForm(plan), current: plan)
            state.fileProblems = problems.errors
            return try await render(slug, state: state, context: context, flash: flash)
        case .success(let doctor):
            let plan = DoctorPlan(doctor)
            return try await render(slug, state: State(form: PlanForm(plan), current: plan), context: context, flash: flash)
        }
    }

    func save(_ request: Request, _ context: AppContext) async throws -> Response {
        var request = request
        let account = try context.signedIn
        let fields = try await checkedForm(&request, context)
        let slug = try doctor(context)
        guard let files else { throw HTTPError(.notFound) }
        let form = PlanForm(values: fields)
        for _ in 0..<3 {  // again when the file changes between reading and writing it
            let text = try files.read(slug)
            let currentDoctor: Doctor
            switch read(text, slug: slug, files: files) {
            case .failure(let problems):
                var state = State(form: form, current: DoctorPlan(try served(slug, context)))
                state.fileProblems = problems.errors
                return try await render(slug, state: state, context: context, status: .unprocessableContent)
            case .success(let doctor): currentDoctor = doctor
            }
            let current = DoctorPlan(currentDoctor)
            var state = State(form: form, current: current)
            state.changedMeanwhile = fields["base"] != current.token
            let proposed: DoctorPlan
            switch form.plan(over: current, text: fill) {
            case .failure(let errors):
                state.errors = errors.entries
                return try await render(slug, state: state, context: context, status: .unprocessableContent)
            case .success(let plan): proposed = plan
            }
            // Saved over a file that changed meanwhile, the form would undo that change unseen: show it first.
            if state.changedMeanwhile { return try await render(slug, state: state, context: context, status: .conflict) }
            if proposed == current { return Responses.seeOther("/review/hours/\(slug)?unchanged=1") }
            guard let newText = proposed.written(into: text) else { throw HTTPError(.internalServerError) }
            let newDoctor: Doctor
            switch read(newText, slug: slug, files: files) {
            case .failure(let problems):
                state.fileProblems = problems.errors
                return try await render(slug, state: state, context: context, status: .unprocessableContent)
            case .success(let doctor): newDoctor = doctor
            }
            let conflicts = try await self.conflicts(slug, from: currentDoctor, to: newDoctor)
            if !conflicts.isEmpty && fields["confirm"] != proposed.token {
                state.conflicts = conflicts
                state.confirmToken = proposed.token
                return try await render(slug, state: state, context: context)
            }
            guard try files.replace(slug, expected: text, with: newText) else { continue }
            let now = endpoint.options.clock()
            try await endpoint.store.record(PlanEdit.changes(doctor: slug, actor: account.login, at: now, from: current, to: proposed))
            endpoint.live?.edited([files.path(of: slug)])
            return Responses.seeOther("/review/hours/\(slug)?saved=\(conflicts.count)")
        }
        throw HTTPError(.conflict, message: "The doctor's file keeps changing: reload the page and try again.")
    }

    // MARK: Parts

    var files: DoctorFiles? { endpoint.options.contentDirectory.map(DoctorFiles.init) }

    /// The doctor of the URL, if the account serves them.
    func doctor(_ context: AppContext) throws -> String {
        let account = try context.signedIn
        guard let slug = context.parameters.get("doctor"), account.canSee(doctor: slug),
              page.doctors(of: account).contains(where: { $0.slug == slug }) else { throw HTTPError(.notFound) }
        return slug
    }

    /// The doctor as the server has them now (drafts included).
    func served(_ slug: String, _ context: AppContext) throws -> Doctor {
        guard let doctor = page.doctors(of: try context.signedIn).first(where: { $0.slug == slug }) else { throw HTTPError(.notFound) }
        return doctor.base
    }

    func read(_ text: String, slug: String, files: DoctorFiles) -> Result<Doctor, ContentErrors> {
        DoctorFile.read(text: text, path: files.path(of: slug), slug: slug,
                        specialties: endpoint.site.content.specialties.map(\.slug), contentDirectory: files.directory)
    }

    /// Bookings still to come that fit `old` and not `new`, with why.
    func conflicts(_ slug: String, from old: Doctor, to new: Doctor) async throws -> [(StoredBooking, PlanCheck.Reason)] {
        let calendar = endpoint.calendar()
        let before = PlanCheck(doctors: [slug: old], calendar: calendar)
        let after = PlanCheck(doctors: [slug: new], calendar: calendar)
        let bookings = try await endpoint.store.bookings(doctors: [slug], from: calendar.today, through: calendar.today.adding(days: 3660))
        return bookings.compactMap { booking in
            guard before.reason(booking) == nil, let reason = after.reason(booking) else { return nil }
            return (booking, reason)
        }
    }

    func fill(_ key: String, _ values: [String: String]) -> String {
        Placeholders.fill(page.text(key)) { values[$0] ?? "" }
    }

    // MARK: The page

    func render(_ slug: String, state: State?, context: AppContext, status: HTTPResponse.Status = .ok,
                flash: String? = nil) async throws -> Response {
        let strings = endpoint.site.strings(page.lang)
        let name = page.doctorName(slug)
        var plan: [String: Any] = ["slug": slug, "doctorName": name, "editable": state != nil]
        let shown = try state?.current ?? DoctorPlan(served(slug, context))
        if let state {
            let errors = Dictionary(state.errors.map { ($0.field, $0.message) }) { a, _ in a }
            plan["values"] = state.form.values
            plan["added"] = ["from": "new-from", "to": "new-to", "start": "new-start", "end": "new-end"].compactMapValues { state.form.values[$0] }
            plan["base"] = state.current.token
            plan["slotError"] = errors["slot"]
            plan["days"] = Weekday.allCases.map { day -> [String: Any] in
                let field = PlanForm.hoursField(day)
                var row: [String: Any] = ["field": field, "label": strings.nested("days", day.rawValue) ?? day.rawValue,
                                          "value": state.form.values[field] ?? ""]
                row["error"] = errors[field]
                return row
            }
            let removed = state.form.removed
            plan["absences"] = state.current.absences.enumerated().map { index, span -> [String: Any] in
                absence(span).merging(["index": index, "value": span.description, "removed": removed.contains(span.description),
                                       "past": span.last < endpoint.calendar().today]) { $1 }
            }
            plan["hasAbsences"] = !state.current.absences.isEmpty
            for key in ["new-from", "new-to", "new-start", "new-end"] { plan[key.replacingOccurrences(of: "-", with: "_") + "_error"] = errors[key] }
            plan["hasErrors"] = !state.errors.isEmpty
            plan["errorList"] = state.errors.map { ["field": $0.field, "message": $0.message] }
            plan["changed"] = state.changedMeanwhile
            plan["confirm"] = state.confirmToken
            let view = ReviewBookingView(page: page, calendar: endpoint.calendar())
            let attention = AttentionText(page: page)
            plan["conflicts"] = state.conflicts.map { booking, reason -> [String: Any] in
                var row = view.summary(booking)
                row["why"] = attention.text(reason, booking: booking)
                return row
            }
            plan["hasConflicts"] = !state.conflicts.isEmpty
            plan["conflictCount"] = state.conflicts.count
            plan["fileProblems"] = state.fileProblems.map { ["text": $0.description] }
            plan["hasFileProblems"] = !state.fileProblems.isEmpty
        }
        do {
            plan["now"] = Weekday.allCases.map { day -> [String: Any] in
                let ranges = shown.hours.ranges(on: day)
                return ["day": strings.nested("days", day.rawValue) ?? day.rawValue,
                        "hours": ranges.isEmpty ? (strings["closed"] ?? "closed") : ranges.map { "\($0.start)–\($0.end)" }.joined(separator: ", ")]
            }
            plan["nowSlot"] = shown.slot
            plan["nowAbsences"] = shown.absences.map(absence)
            plan["hasNowAbsences"] = !shown.absences.isEmpty
        }
        let view = ReviewBookingView(page: page, calendar: endpoint.calendar())
        plan["history"] = try await endpoint.store.planEdits(doctor: slug).map { edit -> [String: Any] in
            ["when": view.timestamp(edit.at), "who": edit.actor, "field": page.text("plan_field_\(edit.field)"),
             "before": edit.before.isEmpty ? "—" : edit.before, "after": edit.after.isEmpty ? "—" : edit.after]
        }
        plan["hasHistory"] = !(plan["history"] as! [Any]).isEmpty
        return page.render("hours", title: "\(page.text("hours")) — \(name)", context: context, status: status, flash: flash,
                           fields: ["plan": plan.compactMapValues { $0 }])
    }

    /// `text`: `24 déc. 2026` or `du 24 déc. 2026 au 2 janv. 2027`; `timeRange`: `14:00–18:00` for part of a day
    /// (shown left to right in Arabic too).
    func absence(_ span: DateSpan) -> [String: Any] {
        let first = endpoint.site.formatDate(span.first, lang: page.lang)
        var row: [String: Any] = ["text": span.first == span.last ? first
            : fill("plan_range", ["from": first, "to": endpoint.site.formatDate(span.last, lang: page.lang)])]
        row["timeRange"] = span.hours.map { "\($0.start)–\($0.end)" }
        return row
    }
}
