import Foundation
import MawidBooking
import MawidConversation
import MawidDelivery

/// A booking's documents as `Templates/partials/documents.mustache` shows them (patient's page or /review):
/// each file with who added it, when, its size and a download link; the upload form; why an upload was
/// refused.
struct DocumentsView {
    let endpoint: Endpoint
    let lang: String
    let forPatient: Bool

    /// `base`: the booking's documents URL (`…/documents`), for the form and each `…/documents/{id}`.
    func context(_ documents: [DocumentInfo], booking: StoredBooking, base: String, csrf: String? = nil,
                 error: String? = nil) -> [String: Any] {
        let thread = ThreadView(endpoint: endpoint, lang: lang, forPatient: forPatient)
        let rows = documents.map { document -> [String: Any] in
            let mine = document.fromPatient == forPatient
            let who = mine && forPatient ? text("thread_you")
                : document.fromPatient ? booking.request.patientName
                : forPatient ? text("thread_practice") : document.author
            return ["name": document.fileName, "size": Self.size(document.size), "who": who, "when": thread.when(document.createdAt),
                    "href": "\(base)/\(document.id)", "type": document.mediaType == "application/pdf" ? "PDF" : document.mediaType == "image/png" ? "PNG" : "JPEG"]
        }
        let used = documents.reduce(0) { $0 + $1.size }
        var view: [String: Any] = [
            "list": rows, "hasDocuments": !rows.isEmpty, "action": base, "canAdd": used < Documents.maxBookingSize,
            "hint": fill(text("doc_hint"), ["max": Self.size(Documents.maxFileSize), "total": Self.size(Documents.maxBookingSize),
                                            "days": "\(Documents.retentionDays)"]),
        ]
        view["csrf"] = csrf
        view["error"] = error
        return view
    }

    /// Why an upload was refused, in words.
    func message(_ problem: Documents.Problem, fileName: String?) -> String {
        let name = fileName ?? ""
        switch problem {
        case .noFile: return text("doc_error_no_file")
        case .wrongType: return fill(text("doc_error_type"), ["name": name])
        case .tooBig(let size): return fill(text("doc_error_too_big"), ["name": name, "size": Self.size(size), "max": Self.size(Documents.maxFileSize)])
        case .bookingFull(let used): return fill(text("doc_error_full"), ["used": Self.size(used), "max": Self.size(Documents.maxBookingSize)])
        case .badName: return fill(text("doc_error_name"), ["name": name])
        case .cut: return text("doc_error_cut")
        }
    }

    func message(_ failure: Upload.Failure) -> String {
        switch failure {
        case .tooLarge: return fill(text("doc_error_too_big_unknown"), ["max": Self.size(Documents.maxFileSize)])
        case .cut: return text("doc_error_cut")
        case .notMultipart: return text("doc_error_no_file")
        }
    }

    /// `340 KB`, `2.4 MB`.
    static func size(_ bytes: Int) -> String {
        if bytes < 1024 * 1024 { return "\(max(1, (bytes + 1023) / 1024)) KB" }
        let text = String(format: "%.1f", Double(bytes) / 1_048_576)
        return (text.hasSuffix(".0") ? String(text.dropLast(2)) : text) + " MB"
    }

    private func text(_ key: String) -> String { endpoint.text(key, lang: lang) }

    private func fill(_ template: String, _ values: [String: String]) -> String {
        Placeholders.fill(template) { values[$0] ?? "" }
    }
}
