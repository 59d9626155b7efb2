import Foundation
import CCmark

/// CommonMark to HTML through cmark. Raw HTML in the source is not passed through (cmark's safe mode),
/// so a `<script>` in a biography is rendered harmless.
public enum Markdown {
    public static func html(_ markdown: String) -> String {
        var source = markdown
        return source.withUTF8 { buffer -> String in
            guard let base = buffer.baseAddress,
                  let output = cmark_markdown_to_html(UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self),
                                                      buffer.count, CMARK_OPT_SMART) else { return "" }
            defer { free(output) }
            return String(cString: output)
        }
    }
}
