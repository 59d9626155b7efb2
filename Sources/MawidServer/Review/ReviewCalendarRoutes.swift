import Foundation
import Hummingbird
import MawidBooking
import MawidSite

/// `/review/calendar?doctor=&date=&view=day|week`: the agenda (`AgendaGrid`). A week of one doctor, a column a
/// day; or a day, a column for each doctor chosen (`doctor=` more than once: a secretary's doctors side by side).
/// A free slot links to the phone-booking form filled in; a booking to its card.
struct ReviewCalendarRoutes: Sendable {
    let endpoint: Endpoint
    /// The review area's language chosen in this browser (`ReviewAuth`); nil: the site's default.
    var language: String?

    var page: ReviewPage { ReviewPage(endpoint: endpoint, language: language) }

    static func add(to review: RouterGroup<AppContext>) {
        review.get("calendar") { request, context in try await Self(endpoint: try context.endpoint(), language: context.language).calendar(request, context) }
    }

    func calendar(_ request: Request, _ context: AppContext) async throws -> Response {
        let account = try context.signedIn
        let doctors = page.doctors(of: account)
        let query = request.uri.queryParameters
        let slotCalendar = endpoint.calendar()
        let requested = Set(query[values: "doctor"].map(String.init))
        var chosen = doctors.filter { requested.contains($0.slug) }
        if chosen.isEmpty, let first = doctors.first { chosen = [first] }
        guard !chosen.isEmpty else {
            return page.render("calendar", title: page.text("calendar"), context: context, fields: [:])
        }
        // Several doctors side by side: one day.
        let isDay = query["view"] == "day" || chosen.count > 1
        let date = query["date"].flatMap { LocalDate(String($0)) } ?? slotCalendar.today
        // Weeks start on Sunday, as in Algeria.
        let first = isDay ? date : date.adding(days: -Weekday.allCases.firstIndex(of: date.weekday)!)
        let count = isDay ? 1 : 7
        let last = first.adding(days: count - 1)
        let layout: [(doctor: Doctor, date: LocalDate)] = isDay
            ? chosen.map { ($0.base, date) }
            : (0..<count).map { (chosen[0].base, first.adding(days: $0)) }
        let bookings = try await endpoint.store.bookings(doctors: chosen.map(\.slug), from: first, through: last)
        let grid = AgendaGrid(columns: layout, bookings: bookings, calendar: slotCalendar)

        let slugs = chosen.map { "doctor=\($0.slug)" }.joined(separator: "&")
        func link(_ start: LocalDate, day: Bool = isDay) -> String {
            "/review/calendar?\(slugs)&view=\(day ? "day" : "week")&date=\(start)"
        }
        let strings = endpoint.site.strings(page.lang)
        let view = ReviewBookingView(page: page, calendar: slotCalendar)
        let columns: [[String: Any]] = grid.columns.enumerated().map { index, column in
            let weekday = strings.nested("days", column.date.weekday.rawValue) ?? column.date.weekday.rawValue
            let dayText = "\(weekday) \(endpoint.site.formatDate(column.date, lang: page.lang))"
            let name = chosen.first { $0.slug == column.doctor.slug }?[page.lang].name ?? column.doctor.name
            return [
                "index": index,
                "label": chosen.count > 1 ? name : dayText,
                "dayLink": isDay ? nil : link(column.date, day: true) as Any?,
                "today": column.date == slotCalendar.today,
                "holiday": column.holiday,
                "closed": column.closed && !column.holiday,
                "cells": zip(grid.times, column.cells).map { time, cell in self.cell(cell, time: time, column: column, view: view) },
            ].compactMapValues { $0 }
        }
        let heading = chosen.count > 1
            ? "\(strings.nested("days", date.weekday.rawValue) ?? "") \(endpoint.site.formatDate(date, lang: page.lang))"
            : chosen[0][page.lang].name
        let calendar: [String: Any] = [
            "heading": heading,
            "doctors": page.options(doctors) { slug in chosen.contains { $0.slug == slug } },
            "severalDoctors": doctors.count > 1,
            "date": date.description,
            "isDay": isDay,
            "columns": columns,
            "columnCount": columns.count,
            "hasTimes": !grid.times.isEmpty,
            "previous": link(first.adding(days: -count)),
            "next": link(first.adding(days: count)),
            "today": link(slotCalendar.today),
            "dayView": link(date, day: true),
            "weekView": chosen.count > 1 ? nil : link(date, day: false) as Any?,
            // One doctor: their hours and absences, which shape this grid.
            "hoursLink": chosen.count > 1 ? nil : "/review/hours/\(chosen[0].slug)" as Any?,
        ].compactMapValues { $0 }
        return page.render("calendar", title: page.text("calendar"), context: context, fields: ["calendar": calendar])
    }

    private func cell(_ cell: AgendaGrid.Cell, time: ClockTime, column: AgendaGrid.Column, view: ReviewBookingView) -> [String: Any] {
        var out: [String: Any] = ["time": time.description]
        switch cell {
        case .bookings(let bookings):
            out["kind"] = "booked"
            out["entries"] = bookings.map { booking -> [String: Any] in
                var entry = view.summary(booking)
                entry["phone"] = booking.request.phone
                entry["symbol"] = booking.status.symbol
                return entry
            }
        case .free(let bookable):
            out["kind"] = "free"
            if bookable {
                out["newLink"] = "/review/new?doctor=\(column.doctor.slug)&date=\(column.date)&time=\(time)"
            } else {
                out["note"] = page.text("free")
            }
        case .past:
            out["kind"] = "past"
            out["note"] = page.text("past_slot")
        case .closed:
            out["kind"] = "closed"
            out["note"] = "—"
        }
        return out
    }
}
