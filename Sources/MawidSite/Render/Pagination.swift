/// One page of a list of doctors: the all-doctors, specialty and wilaya lists show `size` cards a page, so a
/// page stays light on a phone whatever the size of the directory. Page 1 is the list's own URL, page N is
/// `<list>page/N/`; each page links the others (`rel="prev"`/`"next"` in the head, a numbered pager in the
/// page) and every page is in the sitemap.
struct Pagination {
    /// Cards on one page.
    static let size = 20
    /// The URL segment before the page number; no doctor may take it as a slug.
    static let segment = "page"

    /// 1-based.
    let number: Int
    let count: Int
    /// Doctors in the whole list.
    let total: Int

    /// The pages of a list of `total` doctors (one, empty, when there are none).
    static func pages(total: Int) -> [Pagination] {
        let count = max(1, (total + size - 1) / size)
        return (1...count).map { Pagination(number: $0, count: count, total: total) }
    }

    /// This page's slice of the list's members.
    func slice<T>(_ members: [T]) -> [T] {
        Array(members[min(members.count, (number - 1) * Self.size)..<min(members.count, number * Self.size)])
    }

    /// The URL of page `number` of the list at `path`.
    static func path(_ path: String, _ number: Int) -> String {
        number == 1 ? path : path + "\(segment)/\(number)/"
    }

    /// The pager's data for the templates: `pagination.prev`, `.next`, `.pages` (number, path, current;
    /// a gap for long runs), `.number`, `.count`, `.first`, `.last` (the rank of the first and last card shown).
    func context(list: String) -> [String: Any] {
        var context: [String: Any] = [
            "number": number, "count": count, "total": total,
            "first": total == 0 ? 0 : (number - 1) * Self.size + 1, "last": min(total, number * Self.size),
            "pages": shown().map { page -> [String: Any] in
                guard let page else { return ["gap": true] }
                return ["number": page, "path": Self.path(list, page), "current": page == number]
            },
        ]
        if number > 1 { context["prev"] = Self.path(list, number - 1) }
        if number < count { context["next"] = Self.path(list, number + 1) }
        return context
    }

    /// The page numbers the pager links: the first, the last and two either side of this one; nil for a gap.
    func shown() -> [Int?] {
        let near = Set([1, count] + Array(max(1, number - 2)...min(count, number + 2)))
        var shown: [Int?] = []
        for page in near.sorted() {
            if let last = shown.last, let last, page > last + 1 { shown.append(nil) }
            shown.append(page)
        }
        return shown
    }
}
