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
      Exit codes: 0 no unwaived failing finding at or above --fail-on; 1 at least one; \
      2 usage or configuration error, evidence that could not be read, or a rule that could not \
      be evaluated.
      """)

  @Argument(help: "Evidence folders (a project's root works) or files (default: `evidence` in parapet.toml).")
  var paths: [String] = []

  @Option(name: .customLong("pack"), help: ArgumentHelp("A shipped pack's name or a pack folder (repeatable; default: parapet.toml's packs, else every shipped pack that applies).", valueName: "NAME|DIR"))
  var packs: [String] = []

  @Option(help: ArgumentHelp("Report format on standard output: \(Reporters.formats.joined(separator: ", ")).", valueName: "FORMAT"))
  var format: String = "text"

  @Option(name: .customLong("output"), help: ArgumentHelp("Write the report to FILE (in --format), or FORMAT=FILE; repeatable for several formats at once.", valueName: "FILE|FORMAT=FILE"))
  var outputs: [String] = []

  @Option(name: .customLong("fail-on"), help: ArgumentHelp("Exit 1 when an unwaived failing finding has this severity or higher: info, low, medium, high, critical (default: parapet.toml's fail_on, else high).", valueName: "SEVERITY"))
  var failOn: String?

  @Option(name: .customLong("option"), help: ArgumentHelp("A pack option (repeatable), e.g. mozilla-observatory.algorithm=6.", valueName: "PACK.KEY=VALUE"))
  var packOptions: [String] = []

  @OptionGroup var environment: EnvironmentOptions

  @OptionGroup var pluginOptions: PluginOptions

  @Option(help: ArgumentHelp("The project configuration (default: parapet.toml in the first folder scanned).", valueName: "FILE"))
  var config: String?

  @Flag(name: .customLong("no-config"), help: "Ignore parapet.toml.")
  var noConfig = false

  @Option(help: ArgumentHelp("Report only findings that are not in this baseline file.", valueName: "FILE"))
  var baseline: String?

  @Option(name: .customLong("write-baseline"), help: ArgumentHelp("Write the current failing findings to FILE as a baseline.", valueName: "FILE"))
  var writeBaseline: String?

  @Option(name: .customLong("as-of"), help: ArgumentHelp("Evaluate waiver expiry as of this date (YYYY-MM-DD; default today, UTC).", valueName: "DATE"))
  var asOf: String?

  @Option(help: ArgumentHelp("The lock file to check packs against (default: parapet.lock next to parapet.toml).", valueName: "FILE"))
  var lock: String?

  @Flag(name: .customLong("no-lock-check"), help: "Run packs even when their contents changed since parapet.lock.")
  var noLockCheck = false

  @Flag(name: .customLong("no-color"), help: "Never colour the text report (NO_COLOR in the environment does the same).")
  var noColor = false

  @Flag(help: "Print nothing on standard output; the exit code and --output files still tell the result.")
  var quiet = false

  @Flag(help: "List passing and not-applicable outcomes too.")
  var verbose = false

  func validate() throws {
    if let failOn, Severity(rawValue: failOn) == nil {
      throw ValidationError("--fail-on must be one of info, low, medium, high, critical (got '\(failOn)')")
    }
    guard Reporters.formats.contains(format) else {
      throw ValidationError("--format must be one of \(Reporters.formats.joined(separator: ", ")) (got '\(format)')")
    }
    if let asOf, WaiverDate.parse(asOf) == nil {
      throw ValidationError("--as-of expects a date YYYY-MM-DD (got '\(asOf)')")
    }
  }

  func run() throws {
    do {
      let (settings, targets) = try ScanSetup(
        paths: paths, packs: packs, packOptions: packOptions, failOn: failOn,
        environment: environment, plugins: pluginOptions, config: config, noConfig: noConfig,
        asOf: asOf, lock: lock, noLockCheck: noLockCheck
      ).make()
      var scanSettings = settings
      if let baseline, writeBaseline == nil { scanSettings.baseline = try Baseline.load(baseline) }
      let report = try ScanPipeline(scanSettings).scan(targets)
      if let writeBaseline {
        try AtomicWriter.write(Baseline.document(for: report.allFindings), to: writeBaseline)
      }
      try emit(report)
      throw ExitCode(report.exitCode)
    } catch let error as SetupError {
      Console.error("parapet: \(error.description)")
      throw ExitCode(2)
    } catch let error as ConfigurationError {
      Console.error("parapet: \(error.description)")
      throw ExitCode(2)
    } catch let error as PackError {
      Console.error("parapet: \(error.description)")
      throw ExitCode(2)
    }
  }

  private func emit(_ report: ScanReport) throws {
    let environmentNoColor = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
    let useColor = !noColor && !environmentNoColor && Console.isTerminal
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
    }
    // With --output files, standard output keeps the text summary unless --quiet.
    if !quiet {
      let shown = outputs.isEmpty ? format : "text"
      let reporter = Reporters.reporter(for: shown, color: useColor && shown == "text", verbose: verbose)!
      print(reporter.render(report), terminator: "")
    }
  }
}
