/// The published doctors grouped the ways the site lists them.
public struct Directory: Sendable {
    public struct Wilaya: Sendable {
        public let slug: String
        /// Name as written in the content (default language).
        public let name: String
        public let doctors: [Int]
    }

    /// Published doctors (drafts only when asked), by name.
    public let doctors: [Localized<Doctor>]
    /// Specialties with the indices in `doctors` of their doctors.
    public let specialties: [(specialty: Localized<Specialty>, doctors: [Int])]
    public let wilayas: [Wilaya]

    /// The content's doctors this was made from, in the content's order (by slug), to patch it.
    let source: [Localized<Doctor>]
    let includeDrafts: Bool

    /// `previous`: the directory of the last load. When the doctors that changed since then kept their place
    /// in every list (the same name, slug, specialties, wilaya and draft flag: an edit of hours or a
    /// biography), the lists are kept and only those doctors are replaced: no sort of 10,000 names.
    public init(content: Content, includeDrafts: Bool, previous: Directory? = nil) {
        if let previous, let patched = Self.patch(previous, with: content, includeDrafts: includeDrafts) {
            self = patched
            return
        }
        source = content.doctors
        self.includeDrafts = includeDrafts
        // Sort keys made once per doctor, not once per comparison.
        let doctors = content.doctors
            .filter { includeDrafts || !$0.base.draft }
            .map { (key: $0.base.sortName, doctor: $0) }
            .sorted { ($0.key, $0.doctor.slug) < ($1.key, $1.doctor.slug) }
            .map(\.doctor)
        self.doctors = doctors
        var bySpecialty: [String: [Int]] = [:]
        var byWilaya: [String: (name: String, doctors: [Int])] = [:]
        for (index, doctor) in doctors.enumerated() {
            for slug in doctor.base.specialties { bySpecialty[slug, default: []].append(index) }
            byWilaya[doctor.base.wilayaSlug, default: (doctor.base.wilaya, [])].doctors.append(index)
        }
        specialties = content.specialties.map { ($0, bySpecialty[$0.slug] ?? []) }
        wilayas = byWilaya.map { Wilaya(slug: $0.key, name: $0.value.name, doctors: $0.value.doctors) }
            .sorted { $0.slug < $1.slug }
    }

    private init(doctors: [Localized<Doctor>], specialties: [(specialty: Localized<Specialty>, doctors: [Int])],
                 wilayas: [Wilaya], source: [Localized<Doctor>], includeDrafts: Bool) {
        self.doctors = doctors
        self.specialties = specialties
        self.wilayas = wilayas
        self.source = source
        self.includeDrafts = includeDrafts
    }

    /// `previous` with the doctors that changed replaced, or nil when a change moves a doctor in a list
    /// (or adds or removes one, or a specialty) or too many changed to look for them one by one.
    private static func patch(_ previous: Directory, with content: Content, includeDrafts: Bool) -> Directory? {
        let doctors = content.doctors
        guard previous.includeDrafts == includeDrafts, previous.source.count == doctors.count,
              previous.specialties.count == content.specialties.count,
              zip(previous.specialties, content.specialties).allSatisfy({ $0.specialty.slug == $1.slug }) else { return nil }
        var listed = previous.doctors
        for index in doctors.indices {
            let old = previous.source[index].base, new = doctors[index].base
            if old === new { continue }
            guard old.slug == new.slug, old.draft == new.draft, old.sortName == new.sortName,
                  old.specialties == new.specialties, old.wilayaSlug == new.wilayaSlug, old.wilaya == new.wilaya else { return nil }
            if new.draft && !includeDrafts { continue }
            // Found by a binary search on the list's order (name, then slug).
            var low = 0, high = listed.count
            while low < high {
                let middle = (low + high) / 2
                let doctor = listed[middle].base
                if (doctor.sortName, doctor.slug) < (new.sortName, new.slug) { low = middle + 1 } else { high = middle }
            }
            guard low < listed.count, listed[low].slug == new.slug else { return nil }
            listed[low] = doctors[index]
        }
        let specialties = zip(content.specialties, previous.specialties).map { (specialty: $0, doctors: $1.doctors) }
        return Directory(doctors: listed, specialties: specialties, wilayas: previous.wilayas, source: doctors,
                         includeDrafts: includeDrafts)
    }
}

extension Doctor {
    /// Name without the title, for sorting: "Dr Amina Benali" sorts under "Amina Benali".
    static func sortKey(_ name: String) -> String {
        let words = name.split(separator: " ")
        let titles: Set<String> = ["dr", "dr.", "pr", "pr.", "prof", "prof.", "docteur", "professeur"]
        return words.drop { titles.contains($0.lowercased()) }.joined(separator: " ").lowercased()
    }

    /// Two letters for the avatar of a doctor without a photo.
    var initials: String {
        let words = name.split(separator: " ").filter { !$0.hasSuffix(".") && !["Dr", "Pr", "Prof"].contains(String($0)) }
        return String(words.prefix(2).compactMap(\.first)).uppercased()
    }
}
