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

    func doctorsPage(cards: [[String: Any]]) -> [String: Any] {
        var context = base(title: strings["doctors_title"] ?? "Doctors", path: Paths.doctors)
        context["doctors"] = cards
        context["count"] = cards.count
        return context
    }

    /// `cards`: the specialty's doctors' cards, in order.
    func specialtyPage(_ index: Int, cards: [[String: Any]]) -> [String: Any] {
        let (entry, members) = directory.specialties[index]
        let specialty = entry[lang]
        var context = base(title: specialty.title, description: specialty.description) { Paths.specialty($0, entry.slug) }
        context["specialty"] = ["title": specialty.title, "descriptionHTML": specialty.bodyHTML, "slug": entry.slug]
        context["doctors"] = cards
        context["count"] = members.count
        return context
    }

    /// `cards`: the wilaya's doctors' cards, in order.
    func wilayaPage(_ index: Int, cards: [[String: Any]]) -> [String: Any] {
        let wilaya = directory.wilayas[index]
        let name = wilayaName(wilaya)
        var context = base(title: name) { Paths.wilaya($0, wilaya.slug) }
        context["wilaya"] = ["name": name, "slug": wilaya.slug]
        context["doctors"] = cards
        context["count"] = wilaya.doctors.count
        return context
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
