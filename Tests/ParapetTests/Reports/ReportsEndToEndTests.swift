import Foundation
import ParapetReports
import Testing

/// Every format from one real `parapet scan` with `--output FORMAT=FILE`, twice: the same bytes
/// each time, and each file valid for the tool that reads it.
@Suite struct ReportsEndToEndTests {
  @Test func registryKnowsEveryFormat() {
    #expect(Reporters.formats == ["text", "json", "sarif", "junit", "markdown", "html"])
    for format in Reporters.formats {
      #expect(Reporters.reporter(for: format)?.format == format)
    }
    #expect(Reporters.reporter(for: "sarif")?.fileExtension == "sarif")
    #expect(Reporters.reporter(for: "junit")?.fileExtension == "xml")
    #expect(Reporters.reporter(for: "markdown")?.fileExtension == "md")
    #expect(Reporters.reporter(for: "html")?.fileExtension == "html")
    #expect(Reporters.reporter(for: "pdf") == nil)
  }

  @Test func allFormatsInOneScanAreDeterministicAndValid() throws {
    let evidence = TestPack.folder([".env": "SECRET_KEY=super-secret-value-123\nDEBUG=True\n"])
    let formats = ["json", "sarif", "junit", "markdown", "html"]
    var runs: [[String: String]] = []
    for round in 0..<2 {
      let out = TestPack.temporaryFolder("parapet-formats-\(round)")
      var arguments = ["scan", evidence.path, "--pack", CLI.acme, "--quiet", "--fail-on", "medium"]
      for format in formats {
        arguments += ["--output", "\(format)=\(out.appendingPathComponent("report.\(format)").path)"]
      }
      #expect(CLI.run(arguments) == 1)
      var texts: [String: String] = [:]
      for format in formats { texts[format] = CLI.read(out.appendingPathComponent("report.\(format)")) }
      runs.append(texts)
    }
    for format in formats {
      #expect(runs[0][format]?.isEmpty == false, "\(format) was not written")
      #expect(runs[0][format] == runs[1][format], "\(format) differs between two identical scans")
    }
    let sarif = try #require(runs[0]["sarif"])
    let errors = try ReportsSARIFTests.schemaErrors(sarif)
    #expect(errors.isEmpty, "\(errors.joined(separator: "\n"))")
    #expect(sarif.contains("\"ruleId\": \"acme/ACME-002\""))
    #expect(!sarif.contains("super-secret-value-123"))
    let junit = try XMLNode.parse(try #require(runs[0]["junit"]))
    #expect(junit.all("testsuite").first?["name"] == "acme")
    #expect(runs[0]["markdown"]?.hasPrefix(MarkdownReporter.marker) == true)
    #expect(runs[0]["html"]?.contains("ACME-002") == true)
  }

  /// The built `parapet` next to the test bundle, when there is one.
  static var binary: URL? {
    var folder = URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent()
    for _ in 0..<4 {
      let candidate = folder.appendingPathComponent("parapet")
      if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
      folder.deleteLastPathComponent()
    }
    return nil
  }

  /// Two separate processes (each with its own hash seed, so dictionary order differs) write
  /// the same bytes for every format, on the bundled example project when it is there.
  @Test func separateProcessesWriteTheSameBytes() throws {
    let binary = try #require(Self.binary, "build the parapet executable first (swift build)")
    let example = CLI.root.appendingPathComponent("Examples/acme-shop")
    var arguments = ["scan"]
    if FileManager.default.fileExists(atPath: example.appendingPathComponent("prod.env").path) {
      arguments += [example.path, "--env-file", example.appendingPathComponent("prod.env").path]
    } else {
      arguments += [TestPack.folder([".env": "DEBUG=True\n"]).path, "--pack", CLI.acme]
    }
    let formats = ["json", "sarif", "junit", "markdown", "html"]
    var runs: [[String: Data]] = []
    for round in 0..<2 {
      let out = TestPack.temporaryFolder("parapet-process-\(round)")
      var command = arguments + ["--quiet"]
      for format in formats { command += ["--output", "\(format)=\(out.appendingPathComponent(format).path)"] }
      let result = try ExternalTools.run(binary.path, command, timeout: 300)
      #expect([0, 1].contains(result.status), "\(result.stderr)")
      var files: [String: Data] = [:]
      for format in formats { files[format] = try Data(contentsOf: out.appendingPathComponent(format)) }
      runs.append(files)
    }
    for format in formats {
      #expect(runs[0][format] == runs[1][format], "\(format) differs between two processes")
    }
    let errors = try ReportsSARIFTests.schemaErrors(String(decoding: runs[0]["sarif"]!, as: UTF8.self))
    #expect(errors.isEmpty, "\(errors.joined(separator: "\n"))")
  }
}
