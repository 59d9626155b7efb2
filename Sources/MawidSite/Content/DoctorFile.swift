import Foundation

/// One doctor's Markdown file checked on its own with the rules of `mawid build`, for the forms that write it.
public enum DoctorFile {
    /// The doctor `text` describes, or every problem as `mawid build` would report it. `specialties`: the
    /// slugs that exist; `contentDirectory`: where a `photo:` is looked for. The biography is not rendered.
    public static func read(text: String, path: String, slug: String, specialties: [String],
                            contentDirectory: String) -> Result<Doctor, ContentErrors> {
        let file: SourceFile
        do { file = try SourceFile.parse(text: text, path: path) } catch { return .failure(ContentErrors([error])) }
        let parser = DoctorParser(specialtySlugs: specialties, knownLanguages: nil,
                                  fileExists: ContentLoader.fileExists(under: contentDirectory))
        let (doctor, errors) = parser.parse(slug: slug, fields: file.fields, path: path, bioHTML: "")
        guard let doctor else { return .failure(ContentErrors(errors)) }
        return .success(doctor)
    }
}
