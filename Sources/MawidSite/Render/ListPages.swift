/// Home, directory listings, contact, free pages, 404 and the root language chooser.
extension PageContext {
    func homePage() -> [String: Any] {
        var context = base(title: strings["home_title"] ?? site.title, path: Paths.home)
        context["specialties"] = directory.specialties.map {
            ["title": $0.specialty[lang].title, "path": Paths.specialty(lang, $0.specialty.slug), "count": $0.doctors.count] as [String: Any]
        }
        context["wilayas"] = directory.wilayas.map {
            ["name": wilayaName($0), "path": Paths.wilaya(lang, $0.slug), "count": $0.doctors.count] as [String: Any]
        }
        context["doctorCount"] = directory.doctors.count
        return context
    }

    /// `cards`: one page of the doctors' cards; `path`: that page's URL in each language.
    func doctorsPage(cards: [[String: Any]], path: (String) -> String) -> [String: Any] {
        var context = base(title: strings["doctors_title"] ?? "Doctors", path: path)
        context["doctors"] = cards
        context["count"] = directory.doctors.count
        return context
    }

    /// `cards`: one page of the specialty's doctors' cards, in order.
    func specialtyPage(_ index: Int, cards: [[String: Any]], path: (String) -> String) -> [String: Any] {
        let (entry, members) = directory.specialties[index]
        let specialty = entry[lang]
        var context = base(title: specialty.title, description: specialty.description, path: path)
        context["specialty"] = ["title": specialty.title, "descriptionHTML": specialty.bodyHTML, "slug": entry.slug]
        context["doctors"] = cards
        context["count"] = members.count
        return context
    }

    /// `cards`: one page of the wilaya's doctors' cards, in order.
    func wilayaPage(_ index: Int, cards: [[String: Any]], path: (String) -> String) -> [String: Any] {
        let wilaya = directory.wilayas[index]
        let name = wilayaName(wilaya)
        var context = base(title: name, path: path)
        context["wilaya"] = ["name": name, "slug": wilaya.slug]
        context["doctors"] = cards
        context["count"] = wilaya.doctors.count
        return context
    }

    /// Adds page `page`'s pager to a list page's context (`list`: the list's first page, in each language),
    /// and its number to the title from page 2 on, so each page of the list has a title of its own.
    func paginate(_ context: inout [String: Any], _ page: Pagination, list: (String) -> String) {
        guard page.count > 1 else { return }
        context["pagination"] = page.context(list: list(lang))
        if page.number > 1, var head = context["page"] as? [String: Any], let title = head["title"] as? String {
            head["title"] = title + " — " + (strings["page_label"] ?? "Page") + " \(page.number)"
            context["page"] = head
        }
    }

    func contactPage() -> [String: Any] {
        var context = base(title: strings["contact_title"] ?? "Contact", path: Paths.contact)
        context["contact"] = ["action": site.endpoint + "/contact"]
        return context
    }

    func freePage(_ entry: Localized<Page>) -> [String: Any] {
        let page = entry[lang]
        var context = base(title: page.title, description: page.description) { Paths.page($0, entry.slug) }
        context["contentHTML"] = page.bodyHTML
        return context
    }

    func notFoundPage() -> [String: Any] {
        base(title: strings["notfound_title"] ?? "Page not found", path: Paths.notFound)
    }

    func rootPage() -> [String: Any] {
        var context = base(title: site.title, path: Paths.home)
        context["defaultPath"] = Paths.home(lang)
        return context
    }
}
