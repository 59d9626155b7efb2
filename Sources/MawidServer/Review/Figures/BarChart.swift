import Foundation

/// A horizontal bar chart drawn on the server as inline SVG: no script, nothing to load. A row per bar: its
/// label and its value on a line above it (label at the start, value at the end); widths in percent, so it
/// fills a phone or a wide screen with the page's own text size. In a right-to-left page the bars grow from the right and each text reads from
/// the right (`direction="rtl"`: a text's start is its right end). `role="img"`, named by its `<title>`; the
/// page puts a table with the same numbers beside it, which is what screen readers read.
struct BarChart {
    struct Bar {
        var label: String
        var value: Int
        /// The value as shown: "12 (40 %)".
        var text: String
    }

    /// Unique in the page: the title's id is `<id>-title`.
    var id: String
    var title: String
    var bars: [Bar]
    var rightToLeft: Bool

    static let rowHeight = 46

    var svg: String {
        let most = max(1, bars.map(\.value).max() ?? 0)
        let direction = rightToLeft ? "rtl" : "ltr"
        /// A horizontal position, measured from the start side.
        func x(_ percent: Double) -> String { Self.percent(rightToLeft ? 100 - percent : percent) }
        var out = #"<svg class="chart" width="100%" height="\#(bars.count * Self.rowHeight + 2)" role="img" "#
            + #"aria-labelledby="\#(id)-title"><title id="\#(id)-title">\#(Self.escape(title))</title>"#
        for (index, bar) in bars.enumerated() {
            let top = index * Self.rowHeight
            let length = bar.value <= 0 ? 0 : max(0.5, Double(bar.value) / Double(most) * 100)
            out += #"<text class="chart-label" x="\#(x(0))" y="\#(top + 17)" direction="\#(direction)" text-anchor="start">"#
                + Self.escape(bar.label) + "</text>"
            if length > 0 {
                out += #"<rect class="chart-bar" x="\#(Self.percent(rightToLeft ? 100 - length : 0))" y="\#(top + 24)" "#
                    + #"width="\#(Self.percent(length))" height="16"/>"#
            }
            out += #"<text class="chart-value" x="\#(x(100))" y="\#(top + 17)" direction="\#(direction)" "#
                + #"text-anchor="end">\#(Self.escape(bar.text))</text>"#
        }
        return out + "</svg>"
    }

    static func percent(_ value: Double) -> String { String(format: "%.2f%%", value) }

    /// Text inside the SVG's elements (labels come from the UI strings, but nothing is taken on trust).
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
