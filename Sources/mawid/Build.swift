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
    static let configuration = CommandConfiguration(abstract: "Render content/ into a static site.")

    @OptionGroup var location: SiteLocation

    func run() async throws {
        _ = try buildSite(location.builderOptions)
    }
}

/// Builds and prints the one-line summary, or every content error and exits 1.
@discardableResult
func buildSite(_ options: SiteBuilder.Options) throws -> SiteBuilder.Report {
    do {
        let report = try SiteBuilder(options: options).build()
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
