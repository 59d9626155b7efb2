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

    public init(content: Content, includeDrafts: Bool) {
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
