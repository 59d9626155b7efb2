/// The site's pages other than doctors' own: home, lists of doctors, contact and free pages, each with the
/// doctors whose cards it shows (`members`, indices into `Directory.doctors`) and what else it shows that
/// the shared sources do not say (`extra`): the incremental build keys each page by both.
struct ListPlan {
    let template: String
    let path: (String) -> String
    /// The page's data from its language's context and its members' cards, in `members` order.
    let build: (PageContext, [[String: Any]]) -> [String: Any]
    let members: [Int]
    let extra: String

    static func pages(directory: Directory, content: Content) -> [ListPlan] {
        var home = ["doctors \(directory.doctors.count)"]
        home += directory.specialties.map { "\($0.specialty.slug) \($0.doctors.count)" }
        home += directory.wilayas.map { "\($0.slug) \($0.name) \($0.doctors.count)" }
        var pages: [ListPlan] = [
            ListPlan(template: "home", path: Paths.home, build: { c, _ in c.homePage() }, members: [],
                     extra: home.joined(separator: "\n")),
            ListPlan(template: "doctors", path: Paths.doctors, build: { c, cards in c.doctorsPage(cards: cards) },
                     members: Array(directory.doctors.indices), extra: ""),
            ListPlan(template: "contact", path: Paths.contact, build: { c, _ in c.contactPage() }, members: [], extra: ""),
        ]
        for index in directory.specialties.indices {
            let slug = directory.specialties[index].specialty.slug
            pages.append(ListPlan(template: "specialty", path: { Paths.specialty($0, slug) },
                                  build: { c, cards in c.specialtyPage(index, cards: cards) },
                                  members: directory.specialties[index].doctors, extra: slug))
        }
        for index in directory.wilayas.indices {
            let wilaya = directory.wilayas[index]
            pages.append(ListPlan(template: "wilaya", path: { Paths.wilaya($0, wilaya.slug) },
                                  build: { c, cards in c.wilayaPage(index, cards: cards) },
                                  members: wilaya.doctors, extra: wilaya.slug + " " + wilaya.name))
        }
        for page in content.pages {
            pages.append(ListPlan(template: "page", path: { Paths.page($0, page.slug) }, build: { c, _ in c.freePage(page) },
                                  members: [], extra: page.slug))
        }
        return pages
    }
}
