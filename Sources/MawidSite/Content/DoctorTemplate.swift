/// The commented file `mawid new doctor <slug>` writes.
public enum DoctorTemplate {
    public static func text(slug: String) -> String {
        let name = slug.split(separator: "-").map { $0.capitalized }.joined(separator: " ")
        return """
        ---
        # The doctor's name as patients see it.
        name: "Dr \(name)"
        # Slug of a file in content/specialties/ (or `specialties: [a, b]` for several).
        specialty: medecine-generale
        # Wilaya (region) and commune of the practice.
        wilaya: Alger
        city: "Alger Centre"
        address: "1 rue Didouche Mourad"
        # Algerian or international format: "0550 12 34 56", "021 45 67 89", "+213 550 12 34 56".
        phone: "0550 00 00 00"
        # Optional.
        # email: cabinet@example.dz
        # Languages spoken: ar, fr, en, kab, …
        languages: [ar, fr]
        # Years of practice.
        experience: 5
        # Optional: a path under content/, e.g. photos/\(slug).jpg
        # photo: photos/\(slug).jpg
        # Optional: consultation fee as text.
        fee: "2 000 DA"
        # Minutes per appointment.
        slot: 20
        # Weekly hours: days sat, sun, mon, tue, wed, thu, fri; each a list of HH:MM-HH:MM ranges.
        hours:
          sun: ["08:30-12:00", "13:30-16:00"]
          mon: ["08:30-12:00", "13:30-16:00"]
          tue: ["08:30-12:00"]
          wed: ["08:30-12:00", "13:30-16:00"]
          thu: ["08:30-12:00"]
        # Days off: "YYYY-MM-DD" or "YYYY-MM-DD..YYYY-MM-DD".
        holidays: []
        # Remove this line to publish the doctor.
        draft: true
        ---
        Biography in Markdown: studies, experience, what the practice offers.

        Translations: copy this file to \(slug).ar.md or \(slug).en.md and keep only the fields
        you translate (name, address, …) and the translated biography.

        """
    }
}
