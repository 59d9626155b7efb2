import Foundation
import Yams

/// Turns a doctor's front-matter fields into a `Doctor`, reporting every problem with its line.
struct DoctorParser: Sendable {
    static let allowedKeys = [
        "name", "specialty", "specialties", "wilaya", "city", "address", "phone", "email", "languages",
        "experience", "photo", "fee", "slot", "hours", "holidays", "draft",
    ]
    static let photoExtensions = ["jpg", "jpeg", "png", "webp", "avif", "svg", "gif"]

    /// Specialty slugs that exist, for checking `specialty`.
    let specialtySlugs: [String]
    /// Language codes the templates can name (from i18n); nil skips the check.
    let knownLanguages: [String]?
    /// Tells whether a path under content/ is an existing file.
    let fileExists: @Sendable (String) -> Bool

    func parse(slug: String, fields: [String: Field], path: String, bioHTML: String) -> (Doctor?, [ContentError]) {
        var r = FieldReader(fields: fields, path: path)
        r.rejectUnknownKeys(allowed: Self.allowedKeys)
        let name = r.string("name", required: "Dr Amina Benali")
        let specialties = readSpecialties(&r)
        let wilaya = r.string("wilaya", required: "Alger")
        let city = r.string("city", required: "Bab Ezzouar")
        let address = r.string("address", required: "\"12 rue Didouche Mourad\"")
        let phone = r.string("phone", required: "\"0550 12 34 56\"")
        if let phone, PhoneNumber.normalized(phone) == nil {
            r.fail("phone", "\"\(phone)\" is not a phone number",
                   suggestion: "write it like \"0550 12 34 56\", \"021 45 67 89\" or \"+213 550 12 34 56\"")
        }
        let email = r.string("email")
        if let email, !EmailAddress.isValid(email) {
            r.fail("email", "\"\(email)\" is not an email address", suggestion: "write it like cabinet@example.dz")
        }
        let languages = readLanguages(&r)
        let experience = r.int("experience", range: 0...70, required: "12")
        let photo = readPhoto(&r)
        let fee = r.string("fee")
        let slot = r.int("slot", range: PlanRules.slotMinutes, required: "20")
        let hours = readHours(&r)
        let holidays = readHolidays(&r)
        let draft = r.bool("draft") ?? false
        guard r.errors.isEmpty, let name, let specialties, let wilaya, let city, let address, let phone,
              let languages, let experience, let slot, let hours else {
            return (nil, r.errors)
        }
        let doctor = Doctor(slug: slug, name: name, specialties: specialties, wilaya: wilaya, city: city,
                            address: address, phone: phone, email: email, languages: languages,
                            experience: experience, photo: photo, fee: fee, slot: slot, hours: hours,
                            holidays: holidays, draft: draft, bioHTML: bioHTML)
        return (doctor, [])
    }

    private func readSpecialties(_ r: inout FieldReader) -> [String]? {
        let key = r.has("specialties") ? "specialties" : "specialty"
        if r.has("specialty") && r.has("specialties") {
            r.fail("specialties", "both `specialty` and `specialties` are given", suggestion: "keep only one of them")
            return nil
        }
        guard let slugs = r.strings(key, required: "cardiologie") else { return nil }
        if slugs.isEmpty {
            r.fail(key, "no specialty given", suggestion: "write e.g. `specialty: cardiologie`")
            return nil
        }
        for slug in slugs where !specialtySlugs.contains(slug) {
            let hint = specialtySlugs.isEmpty
                ? "add content/specialties/\(slug).md"
                : Suggest.hint(for: slug, in: specialtySlugs) + " (the name of a file in content/specialties/)"
            r.fail(key, "unknown specialty \"\(slug)\"", suggestion: hint)
            return nil
        }
        return slugs
    }

    private func readLanguages(_ r: inout FieldReader) -> [String]? {
        guard let codes = r.strings("languages", required: "[ar, fr]") else { return nil }
        for code in codes {
            if let knownLanguages, !knownLanguages.contains(code) {
                r.fail("languages", "unknown language code \"\(code)\"", suggestion: Suggest.hint(for: code, in: knownLanguages))
                return nil
            }
            if code.count < 2 || code.count > 3 || !code.allSatisfy({ $0.isASCII && $0.isLowercase }) {
                r.fail("languages", "\"\(code)\" is not a language code", suggestion: "use ISO codes such as ar, fr, en, kab")
                return nil
            }
        }
        return codes
    }

    private func readPhoto(_ r: inout FieldReader) -> String? {
        guard let photo = r.string("photo") else { return nil }
        let ext = (photo as NSString).pathExtension.lowercased()
        if photo.hasPrefix("/") || photo.contains("..") {
            r.fail("photo", "\"\(photo)\" must be a path inside content/", suggestion: "e.g. photos/amina-benali.jpg")
        } else if !Self.photoExtensions.contains(ext) {
            r.fail("photo", "\"\(photo)\" is not an image", suggestion: "use a .jpg, .png, .webp or .svg file")
        } else if !fileExists(photo) {
            r.fail("photo", "file \"\(photo)\" not found under content/", suggestion: "check the file name or copy the photo there")
        } else {
            return photo
        }
        return nil
    }

    private func readHours(_ r: inout FieldReader) -> WeeklyHours? {
        guard let field = r.fields["hours"] else {
            r.missing("hours", example: "{ sun: [\"08:30-12:00\"] }")
            return nil
        }
        guard let mapping = field.node.mapping else {
            r.fail("hours", "expected days with their hours", suggestion: "write e.g. `sun: [\"08:30-12:00\", \"13:30-16:00\"]` under `hours:`")
            return nil
        }
        let dayNames = Weekday.allCases.map(\.rawValue)
        var plan: [Weekday: [TimeRange]] = [:]
        var ok = true
        for (key, value) in mapping {
            let line = field.line(of: key)
            func fail(_ message: String, _ suggestion: String) {
                ok = false
                r.fail(Field(node: key, path: field.path, line: line, lineOffset: field.lineOffset), key: "hours",
                       message, suggestion: suggestion)
            }
            guard let dayName = key.string, let day = Weekday(rawValue: dayName.lowercased()) else {
                fail("unknown day \"\(key.string ?? "?")\"", Suggest.hint(for: key.string ?? "", in: dayNames))
                continue
            }
            let items: [Node]
            if value.scalar != nil, value.null == nil { items = [value] }
            else if let sequence = value.sequence { items = Array(sequence) }
            else if value.null != nil { items = [] }
            else { fail("\(dayName): expected a list of hours", "write e.g. `\(dayName): [\"08:30-12:00\"]`"); continue }
            let texts = items.map { $0.scalar?.string ?? "" }
            switch PlanRules.day(texts) {
            case .success(let ranges): plan[day] = ranges
            case .failure(let problem): fail("\(dayName): \(problem.message)", problem.suggestion)
            }
        }
        return ok ? WeeklyHours(plan) : nil
    }

    private func readHolidays(_ r: inout FieldReader) -> [DateSpan] {
        guard let field = r.fields["holidays"] else { return [] }
        let items: [Node]
        if let sequence = field.node.sequence { items = Array(sequence) }
        else if field.node.scalar != nil { items = [field.node] }
        else {
            r.fail("holidays", "expected a list of dates", suggestion: "write e.g. `holidays: [\"2026-12-24\", \"2027-01-01..2027-01-05\", \"2027-01-10 14:00-18:00\"]`")
            return []
        }
        var spans: [DateSpan] = []
        for item in items {
            let itemField = Field(node: item, path: field.path, line: field.line(of: item), lineOffset: field.lineOffset)
            switch DateSpan.parse(item.scalar?.string ?? "") {
            case .success(let span): spans.append(span)
            case .failure(let problem): r.fail(itemField, key: "holidays", problem.message, suggestion: problem.suggestion)
            }
        }
        return spans.sorted { $0.first < $1.first }
    }
}
