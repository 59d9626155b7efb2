import Foundation

/// The doctor profile page: everything in the front matter, for humans and for search engines.
extension PageContext {
    func doctorPage(_ entry: Localized<Doctor>) -> [String: Any] {
        let doctor = entry[lang]
        var context = base(title: doctor.name, description: doctorDescription(doctor)) { Paths.doctor($0, doctor.slug) }
        var info = card(entry)
        let spoken = doctor.languages.map { ["code": $0, "name": strings.nested("languages", $0) ?? $0] }
        info["languages"] = spoken
        info["languageNames"] = spoken.map { $0["name"]! }.joined(separator: ", ")
        info["address"] = doctor.address
        info["mapURL"] = mapURL(doctor)
        info["phone"] = doctor.phone
        info["phoneHref"] = "tel:" + (PhoneNumber.normalized(doctor.phone) ?? doctor.phone)
        info["email"] = doctor.email
        info["fee"] = doctor.fee
        info["slot"] = doctor.slot
        info["hours"] = Weekday.allCases.map { day -> [String: Any] in
            let ranges = doctor.hours.ranges(on: day)
            return [
                "day": strings.nested("days", day.rawValue) ?? day.rawValue,
                "ranges": ranges.map { ["from": $0.start.description, "to": $0.end.description] },
                "closed": ranges.isEmpty,
            ]
        }
        info["holidays"] = doctor.holidays.map {
            ["from": formatDate($0.first), "to": formatDate($0.last), "single": $0.first == $0.last,
             "absentHours": $0.hours.map { "\($0.start)–\($0.end)" } as Any].compactMapValues { $0 } as [String: Any]
        }
        info["hasHolidays"] = !doctor.holidays.isEmpty
        info["bioHTML"] = doctor.bioHTML
        if let rated = ratings[doctor.slug], rated.count > 0 {
            info["ratings"] = [
                "count": rated.count,
                "average": averageText(rated.average),
                "items": rated.items.map { rating -> [String: Any] in
                    var item: [String: Any] = ["stars": String(repeating: "★", count: rating.stars) + String(repeating: "☆", count: 5 - rating.stars),
                                               "value": rating.stars, "date": formatDate(rating.date)]
                    item["comment"] = rating.comment
                    item["reply"] = rating.reply
                    return item
                },
            ] as [String: Any]
        }
        context["doctor"] = info
        context["jsonLD"] = jsonLD(doctor, specialties: info["specialties"] as! [[String: String]])
        context["booking"] = [
            "action": site.endpoint + "/bookings",
            "slotsURL": site.endpoint + "/doctors/\(doctor.slug)/slots",
        ]
        return context
    }

    private func doctorDescription(_ doctor: Doctor) -> String {
        let specialties = doctor.specialties.map(specialtyTitle).joined(separator: ", ")
        return "\(doctor.name) — \(specialties), \(doctor.city), \(wilayaName(of: doctor))"
    }

    func mapURL(_ doctor: Doctor) -> String {
        let query = "\(doctor.address), \(doctor.city), \(doctor.wilaya), Algérie"
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return "https://www.openstreetmap.org/search?query="
            + (query.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")
    }

    /// `4,5` in French and Arabic, `4.5` in English.
    func averageText(_ average: Double) -> String {
        let text = String(format: "%.1f", average)
        return lang == "en" ? text : text.replacingOccurrences(of: ".", with: ",")
    }

    func formatDate(_ date: LocalDate) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let value = calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day)) else {
            return date.description
        }
        let locale = Locale(identifier: lang == "en" ? "en_GB" : "\(lang)_DZ")
        return value.formatted(Date.FormatStyle(date: .long, time: .omitted, locale: locale, calendar: calendar,
                                                timeZone: calendar.timeZone))
    }

    /// schema.org Physician, for search engines.
    private func jsonLD(_ doctor: Doctor, specialties: [[String: String]]) -> String {
        let names = ["sun": "Sunday", "mon": "Monday", "tue": "Tuesday", "wed": "Wednesday",
                     "thu": "Thursday", "fri": "Friday", "sat": "Saturday"]
        var fields: [(String, JSON)] = [
            ("@context", .string("https://schema.org")),
            ("@type", .string("Physician")),
            ("name", .string(doctor.name)),
            ("url", .string(site.baseURL + Paths.doctor(lang, doctor.slug))),
            ("telephone", .string(PhoneNumber.normalized(doctor.phone) ?? doctor.phone)),
        ]
        if let email = doctor.email { fields.append(("email", .string(email))) }
        if let photo = doctor.photo { fields.append(("image", .string(site.baseURL + Paths.media(photo)))) }
        fields.append(("medicalSpecialty", .array(specialties.map { .string($0["title"]!) })))
        fields.append(("address", .object([
            ("@type", .string("PostalAddress")),
            ("streetAddress", .string(doctor.address)),
            ("addressLocality", .string(doctor.city)),
            ("addressRegion", .string(doctor.wilaya)),
            ("addressCountry", .string("DZ")),
        ])))
        fields.append(("knowsLanguage", .array(doctor.languages.map { .string($0) })))
        if let fee = doctor.fee { fields.append(("priceRange", .string(fee))) }
        if let rated = ratings[doctor.slug], rated.count > 0 {
            fields.append(("aggregateRating", .object([
                ("@type", .string("AggregateRating")),
                ("ratingValue", .string(String(format: "%.1f", rated.average))),
                ("ratingCount", .string(String(rated.count))),
                ("bestRating", .string("5")),
                ("worstRating", .string("1")),
            ])))
        }
        fields.append(("openingHoursSpecification", .array(Weekday.allCases.flatMap { day in
            doctor.hours.ranges(on: day).map { range in
                JSON.object([
                    ("@type", .string("OpeningHoursSpecification")),
                    ("dayOfWeek", .string("https://schema.org/" + names[day.rawValue]!)),
                    ("opens", .string(range.start.description)),
                    ("closes", .string(range.end.description)),
                ])
            }
        })))
        return JSON.object(fields).text
    }
}
