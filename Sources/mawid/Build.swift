import ArgumentParser
import Foundation
import MawidSite

struct SiteLocation: ParsableArguments {
    @Option(help: "Folder with site.yml, doctors/, specialties/ and pages/.")
    var content = "content"
    @Option(help: "Folder with the Mustache templates, i18n/ and assets/.")
    var templates = "Templates"
    @Option(help: "Folder the site is written to.")
    var output = "site"
    @Flag(help: "Also publish doctors marked `draft: true`.")
    var drafts = false

    var builderOptions: SiteBuilder.Options {
        SiteBuilder.Options(content: content, templates: templates, output: output, includeDrafts: drafts)
    }
}

struct Build: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Render content/ into a static site.",
        discussion: """
            Over a site it built before, rewrites only the files whose content, template or strings changed \
            (the output is the same as a clean build's). With --watch, keeps doing so on every saved change \
            until interrupted; a change with errors leaves the site as it was.
            """)

    @OptionGroup var location: SiteLocation
    @Flag(help: "Keep running and apply each change to content/ and Templates/.")
    var watch = false

    func run() async throws {
        let project = SiteProject(options: location.builderOptions)
        // Watched before the first build reads the content, so an update can look at the changed files only.
        let changes = watch ? DirectoryWatcher(roots: [location.content, location.templates]).changes() : nil
        _ = try buildSite(location.builderOptions, project: project)
        guard let changes else { return }
        print("mawid: watching \(location.content)/ and \(location.templates)/ for changes (Ctrl-C to stop)")
        fflush(nil)
        for await paths in changes {
            do {
                let report = try project.update(changed: paths)
                if report.written > 0 || report.removed > 0 {
                    print("mawid: updated in \(Int((report.seconds * 1000).rounded())) ms: \(report.written) written, \(report.removed) removed")
                }
            } catch let errors as ContentErrors {
                Serve.printProblems(errors.errors, ending: "\(location.output)/ was not changed; fix and save again")
            } catch {
                FileHandle.standardError.write(Data("mawid: \(error)\n".utf8))
            }
            fflush(nil)
        }
    }
}

/// Builds and prints the one-line summary, or every content error and exits 1.
@discardableResult
func buildSite(_ options: SiteBuilder.Options, project: SiteProject? = nil) throws -> SiteBuilder.Report {
    do {
        let report = try (project ?? SiteProject(options: options)).update()
        print("mawid: \(report)")
        fflush(nil)
        return report
    } catch let errors as ContentErrors {
        FileHandle.standardError.write(Data((errors.description + "\n").utf8))
        let count = errors.errors.count
        FileHandle.standardError.write(Data("mawid: \(count) error\(count == 1 ? "" : "s"); \(options.output)/ was not changed\n".utf8))
        throw ExitCode(1)
    } catch let error as OutputError {
        FileHandle.standardError.write(Data("mawid: \(error)\n".utf8))
        throw ExitCode(1)
    }
}
