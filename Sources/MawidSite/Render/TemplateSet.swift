import Foundation
import Mustache

/// The Mustache templates of `Templates/`, each registered by its path without `.mustache`.
public struct TemplateSet: Sendable {
    public let library: MustacheLibrary
    public static let required = ["layout", "home", "doctors", "specialty", "wilaya", "doctor", "contact", "page", "notfound", "root"]

    public init(directory: String) throws(ContentErrors) {
        // swift-mustache parses nested sections recursively with large frames (debug builds especially):
        // parse on a thread with a roomy stack, whatever thread the caller is on (Swift concurrency's
        // threads have small stacks).
        let result = Self.onLargeStack { () -> Result<MustacheLibrary, ContentErrors> in
            do throws(ContentErrors) { return .success(try Self.parse(directory: directory)) } catch { return .failure(error) }
        }
        self.library = try result.get()
    }

    static func onLargeStack<T>(_ body: @escaping () -> T) -> T {
        nonisolated(unsafe) var value: T?
        nonisolated(unsafe) let work = body
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            value = work()
            done.signal()
        }
        thread.stackSize = 16 << 20
        thread.start()
        done.wait()
        return value!
    }

    private static func parse(directory: String) throws(ContentErrors) -> MustacheLibrary {
        FastHTMLEscaping.registered
        var library = MustacheLibrary()
        var errors: [ContentError] = []
        let files = (FileManager.default.enumerator(atPath: directory)?.allObjects as? [String] ?? [])
            .filter { $0.hasSuffix(".mustache") }
            .sorted()
        for file in files {
            let path = directory + "/" + file
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                errors.append(ContentError(path: path, line: 1, field: "template", message: "cannot be read"))
                continue
            }
            do {
                library.register(try MustacheTemplate(string: FastHTMLEscaping.pragma + text), named: String(file.dropLast(".mustache".count)))
            } catch let error as MustacheTemplate.ParserError {
                errors.append(ContentError(path: path, line: max(1, error.context.lineNumber - 1), field: "template",
                                           message: "\(error.error)", suggestion: "check that every {{#section}} has its {{/section}}"))
            } catch {
                errors.append(ContentError(path: path, line: 1, field: "template", message: "\(error)"))
            }
        }
        for name in Self.required where !files.contains(name + ".mustache") {
            errors.append(ContentError(path: directory + "/\(name).mustache", line: 1, field: "template",
                                       message: "missing", suggestion: "every site needs this template; copy it from Mawid's Templates/"))
        }
        if !errors.isEmpty { throw ContentErrors(errors) }
        return library
    }

    public func render(_ context: [String: Any], _ name: String) -> String {
        library.render(context, withTemplate: name) ?? ""
    }
}
