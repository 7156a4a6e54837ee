import ArgumentParser
import Foundation
import ParapetEngine
import ParapetEvidence
import ParapetFacts
import ParapetReports

/// `parapet scan PATH...`: read the evidence, run the packs, report, and exit with a code CI
/// can gate on.
struct ScanCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "scan",
    abstract: "Scan evidence folders or files with policy packs.",
    discussion: """
      Exit codes: 0 no failing finding at or above --fail-on; 1 at least one; 2 usage error, \
      evidence that could not be read, or a rule that could not be evaluated.
      """)

  @Argument(help: "Evidence folders (a project's root works) or files.")
  var paths: [String]

  @Option(name: .customLong("pack"), help: ArgumentHelp("A shipped pack's name or a pack folder (repeatable; default: all shipped packs that apply).", valueName: "NAME|DIR"))
  var packs: [String] = []

  @Option(help: ArgumentHelp("Report format: \(Reporters.formats.joined(separator: ", ")).", valueName: "FORMAT"))
  var format: String = "text"

  @Option(name: .customLong("output"), help: ArgumentHelp("Write the report to FILE, or FORMAT=FILE for several formats at once (repeatable).", valueName: "FILE|FORMAT=FILE"))
  var outputs: [String] = []

  @Option(name: .customLong("fail-on"), help: ArgumentHelp("Exit 1 when a failing finding has this severity or higher: info, low, medium, high, critical.", valueName: "SEVERITY"))
  var failOn: String = "high"

  @Option(name: .customLong("option"), help: ArgumentHelp("A pack option (repeatable), e.g. mozilla-observatory.algorithm=6.", valueName: "PACK.KEY=VALUE"))
  var packOptions: [String] = []

  @OptionGroup var environment: EnvironmentOptions

  @OptionGroup var pluginOptions: PluginOptions

  @Flag(name: .customLong("no-color"), help: "Never colour the text report.")
  var noColor = false

  @Flag(help: "Print nothing on standard output; only the exit code (and --output files).")
  var quiet = false

  @Flag(help: "List passing and not-applicable outcomes too.")
  var verbose = false

  func validate() throws {
    guard Severity(rawValue: failOn) != nil else {
      throw ValidationError("--fail-on must be one of info, low, medium, high, critical (got '\(failOn)')")
    }
    guard Reporters.formats.contains(format) else {
      throw ValidationError("--format must be one of \(Reporters.formats.joined(separator: ", ")) (got '\(format)')")
    }
  }

  func run() throws {
    let context = try environment.context()
    let loadedPacks: [Pack]
    do {
      loadedPacks = try (packs.isEmpty ? PackLocator.shippedPackNames() : packs).map(PackLocator.load)
    } catch let error as PackError {
      Console.error("parapet: \(error)")
      throw ExitCode(2)
    }
    if loadedPacks.isEmpty {
      Console.error("parapet: no packs to run (no --pack given and no shipped packs found; set PARAPET_HOME)")
      throw ExitCode(2)
    }
    let options = try PackOptionParser.parse(packOptions)
    let engine: PolicyEngine
    do {
      engine = try PolicyEngine(packs: loadedPacks, options: options)
    } catch {
      Console.error("parapet: cannot start the policy engine: \(error)")
      throw ExitCode(2)
    }
    let (registry, pluginErrors) = pluginOptions.registry()
    let bundle = EvidenceBundle(paths: paths)
    var evidence = EvidenceLoader(registry: registry).load(bundle, context: context)
    evidence.errors = pluginErrors + evidence.errors
    var evaluations = engine.evaluate(evidence.facts)
    if packs.isEmpty {
      // Default run: drop shipped packs none of whose rules found evidence.
      evaluations = evaluations.filter { evaluation in
        evaluation.findings.contains { $0.status != .notApplicable }
      }
    }
    for index in evaluations.indices { engine.grade(&evaluations[index]) }
    let report = ScanReport(
      targets: paths, packs: evaluations, evidenceErrors: evidence.errors,
      failOn: Severity(rawValue: failOn)!)
    try emit(report)
    throw ExitCode(report.exitCode)
  }

  private func emit(_ report: ScanReport) throws {
    let useColor = !noColor && Console.isTerminal && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    var wroteStdout = false
    for output in outputs {
      var chosenFormat = format
      var path = output
      if let equals = output.firstIndex(of: "="), Reporters.formats.contains(String(output[..<equals])) {
        chosenFormat = String(output[..<equals])
        path = String(output[output.index(after: equals)...])
      }
      guard let reporter = Reporters.reporter(for: chosenFormat, color: false, verbose: verbose) else {
        throw ValidationError("unknown format '\(chosenFormat)'")
      }
      try AtomicWriter.write(reporter.render(report), to: path)
      if path == "-" { wroteStdout = true }
    }
    if !quiet && !wroteStdout && (outputs.isEmpty || format == "text") {
      let reporter = Reporters.reporter(for: outputs.isEmpty ? format : "text", color: useColor, verbose: verbose)!
      print(reporter.render(report), terminator: "")
    }
  }
}

/// Parses `--option pack.key=value` (values as JSON when they parse, else strings).
enum PackOptionParser {
  static func parse(_ items: [String]) throws -> [String: [String: JSONValue]] {
    var options: [String: [String: JSONValue]] = [:]
    for item in items {
      guard let equals = item.firstIndex(of: "="), let dot = item[..<equals].firstIndex(of: ".") else {
        throw ValidationError("--option expects PACK.KEY=VALUE, got '\(item)'")
      }
      let pack = String(item[..<dot])
      let key = String(item[item.index(after: dot)..<equals])
      let text = String(item[item.index(after: equals)...])
      options[pack, default: [:]][key] = value(text)
    }
    return options
  }

  static func value(_ text: String) -> JSONValue {
    if text == "true" { return .bool(true) }
    if text == "false" { return .bool(false) }
    if let number = Int64(text) { return .integer(number) }
    if let number = Double(text) { return .number(number) }
    return .string(text)
  }
}
