/// The site's pages other than doctors' own: home, lists of doctors (a plan per page of `Pagination.size`
/// cards), contact and free pages, each with the doctors whose cards it shows (`members`, indices into
/// `Directory.doctors`) and what else it shows that the shared sources do not say (`extra`: counts, page
/// numbers): the incremental build keys each page by both.
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
            ListPlan(template: "contact", path: Paths.contact, build: { c, _ in c.contactPage() }, members: [], extra: ""),
        ]
        pages += paged(template: "doctors", list: Paths.doctors, members: Array(directory.doctors.indices), extra: "") {
            c, cards, path in c.doctorsPage(cards: cards, path: path)
        }
        for index in directory.specialties.indices {
            let slug = directory.specialties[index].specialty.slug
            pages += paged(template: "specialty", list: { Paths.specialty($0, slug) },
                           members: directory.specialties[index].doctors, extra: slug) {
                c, cards, path in c.specialtyPage(index, cards: cards, path: path)
            }
        }
        for index in directory.wilayas.indices {
            let wilaya = directory.wilayas[index]
            pages += paged(template: "wilaya", list: { Paths.wilaya($0, wilaya.slug) },
                           members: wilaya.doctors, extra: wilaya.slug + " " + wilaya.name) {
                c, cards, path in c.wilayaPage(index, cards: cards, path: path)
            }
        }
        for page in content.pages {
            pages.append(ListPlan(template: "page", path: { Paths.page($0, page.slug) }, build: { c, _ in c.freePage(page) },
                                  members: [], extra: page.slug))
        }
        return pages
    }

    /// One plan per page of a list of doctors; `build` gets the page's cards and URL.
    static func paged(template: String, list: @escaping (String) -> String, members: [Int], extra: String,
                      build: @escaping (PageContext, [[String: Any]], (String) -> String) -> [String: Any]) -> [ListPlan] {
        Pagination.pages(total: members.count).map { page in
            let path: (String) -> String = { Pagination.path(list($0), page.number) }
            return ListPlan(template: template, path: path, build: { c, cards in
                var context = build(c, cards, path)
                c.paginate(&context, page, list: list)
                return context
            }, members: page.slice(members), extra: extra + "\npage \(page.number) of \(page.count), \(page.total) doctors")
        }
    }
}
