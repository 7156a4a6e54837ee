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
      2 the result is incomplete: a usage or configuration error, a refused pack, evidence that \
      could not be read, a rule or grade that could not be evaluated, or a report that could not \
      be written.
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

  @Option(name: .customLong("exclude"), help: ArgumentHelp("Never read paths matching this glob as evidence (repeatable; relative to the scan root: ** any folders, * and ? within a name; adds to parapet.toml's exclude).", valueName: "GLOB"))
  var exclude: [String] = []

  @Option(name: .customLong("data"), help: ArgumentHelp("Replace a pack's data file (repeatable), e.g. mozilla-observatory.hsts-preload=preload.json.", valueName: "PACK.NAME=FILE"))
  var dataFiles: [String] = []

  @OptionGroup var environment: EnvironmentOptions

  @OptionGroup var gates: GateOptions

  @Option(name: .customLong("url"), help: ArgumentHelp("The URL a curl dump was fetched from, for a dump without a `# url:` line.", valueName: "URL"))
  var captureURL: String?

  @OptionGroup var pluginOptions: PluginOptions

  @Option(help: ArgumentHelp("The project configuration, trusted: its paths may lead anywhere (default: parapet.toml in the first folder scanned, whose paths must stay inside that folder).", valueName: "FILE"))
  var config: String?

  @Flag(name: .customLong("no-config"), help: "Ignore parapet.toml, and the parapet.lock found without --lock.")
  var noConfig = false

  @Option(help: ArgumentHelp("Report only findings that are not in this baseline file.", valueName: "FILE"))
  var baseline: String?

  @Option(name: .customLong("write-baseline"), help: ArgumentHelp("Write the current failing findings to FILE as a baseline.", valueName: "FILE"))
  var writeBaseline: String?

  @Option(name: .customLong("compare-with"), help: ArgumentHelp("An earlier JSON report or baseline file: the Markdown report then lists new, fixed and known findings and grade changes.", valueName: "FILE"))
  var compareWith: String?

  @Option(name: .customLong("as-of"), help: ArgumentHelp("Evaluate waiver expiry as of this date (YYYY-MM-DD; default today, UTC).", valueName: "DATE"))
  var asOf: String?

  @Option(help: ArgumentHelp("The lock file to check packs against (default: where `parapet lock` writes it: parapet.toml's `lock`, else parapet.lock next to parapet.toml; without parapet.toml, parapet.lock in the first folder scanned or the current folder).", valueName: "FILE"))
  var lock: String?

  @Flag(name: .customLong("no-lock-check"), help: "Run packs even when their contents changed since parapet.lock.")
  var noLockCheck = false

  @Option(help: ArgumentHelp("Scan each bundle listed in FILE (one path per line; - for standard input) separately and write JSON Lines: one report object per bundle, in list order.", valueName: "FILE"))
  var bundles: String?

  @Option(help: ArgumentHelp("With --bundles: run only shard K of N (every N-th bundle starting at K), for N parallel jobs.", valueName: "K/N"))
  var shard: String?

  @Option(help: ArgumentHelp("With --bundles: worker threads (default: the number of cores).", valueName: "N"))
  var jobs: Int?

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
    if bundles != nil {
      try runBatch()
      return
    }
    do {
      let setup = try ScanSetup(
        paths: paths, packs: packs, packOptions: packOptions, failOn: failOn,
        environment: environment, plugins: pluginOptions, config: config, noConfig: noConfig,
        asOf: asOf, lock: lock, noLockCheck: noLockCheck, dataFiles: dataFiles, exclude: exclude
      ).resolve()
      let settings = setup.settings
      var scanSettings = settings
      scanSettings.allowEmpty = gates.allowEmpty
      scanSettings.gradeGate = gates.gate(over: settings.gradeGate)
      if let captureURL { scanSettings.context.options["http.url"] = captureURL }
      if let baseline, writeBaseline == nil { scanSettings.baseline = try Baseline.load(baseline) }
      // A progress line on standard error, only on a terminal and never with --quiet.
      let showProgress = Console.stderrIsTerminal && !quiet
      let pipeline = try ScanPipeline(scanSettings)
      try ScanSetup.checkRuleReferences(setup, engine: pipeline.engine)
      let report = pipeline.scan(setup.targets, names: setup.names) { step in
        if showProgress { Console.progress("\u{1B}[2K\(step)") }
      }
      if showProgress { Console.progress("\u{1B}[2K") }
      if let writeBaseline {
        try AtomicWriter.write(Baseline.document(for: report.allFindings), to: writeBaseline)
      }
      try emit(report)
      if report.evaluatedNothing {
        for pack in report.emptyPacks {
          Console.error("parapet: \(pack.description); nothing was evaluated (--allow-empty accepts this)")
        }
      }
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

  /// `--bundles`: one report per bundle, streamed as JSON Lines.
  private func runBatch() throws {
    guard paths.isEmpty else {
      throw ValidationError("give bundles either as arguments or with --bundles, not both")
    }
    var shardIndex = 1
    var shardCount = 1
    if let shard {
      let parts = shard.split(separator: "/").compactMap { Int($0) }
      guard parts.count == 2, parts[1] >= 1, (1...parts[1]).contains(parts[0]) else {
        throw ValidationError("--shard expects K/N with 1 <= K <= N, e.g. 2/4 (got '\(shard)')")
      }
      shardIndex = parts[0]
      shardCount = parts[1]
    }
    let listText: String
    if bundles == "-" {
      listText = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
    } else if let bundles, let data = FileManager.default.contents(atPath: bundles) {
      listText = String(decoding: data, as: UTF8.self)
    } else {
      Console.error("parapet: --bundles \(bundles ?? ""): no such file")
      throw ExitCode(2)
    }
    let list = listText.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
      .filter { !$0.isEmpty && !$0.hasPrefix("#") }
    let settings: ScanSettings
    do {
      settings = try ScanSetup(
        paths: list.isEmpty ? [] : [list[0]], packs: packs, packOptions: packOptions, failOn: failOn,
        environment: environment, plugins: pluginOptions, config: config, noConfig: noConfig || config == nil,
        asOf: asOf, lock: lock, noLockCheck: noLockCheck, dataFiles: dataFiles, exclude: exclude
      ).make().0
    } catch {
      Console.error("parapet: \(error)")
      throw ExitCode(2)
    }
    let pipeline: ScanPipeline
    do {
      pipeline = try ScanPipeline(settings)
    } catch {
      Console.error("parapet: \(error)")
      throw ExitCode(2)
    }
    let scanner = BatchScanner(pipeline: pipeline, workers: jobs ?? ProcessInfo.processInfo.activeProcessorCount)
    let selected = BatchScanner.shard(list, index: shardIndex, count: shardCount)
    let writer = try LineWriter(path: outputs.first)
    let progress = Console.stderrIsTerminal && !quiet
    var done = 0
    let code = scanner.run(selected) { index, path, report in
      writer.write(BatchLine.render(index: index, bundle: path, report: report))
      done += 1
      if progress && done % 50 == 0 { Console.progress("scanned \(done)/\(selected.count) bundles") }
    }
    if progress { Console.progress("scanned \(done)/\(selected.count) bundles\n") }
    try writer.finish()
    throw ExitCode(code)
  }

  private func emit(_ report: ScanReport) throws {
    let environmentNoColor = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
    let useColor = !noColor && !environmentNoColor && Console.isTerminal
    var previous: BaselineSnapshot?
    if let compareWith {
      guard let data = FileManager.default.contents(atPath: compareWith),
        let snapshot = BaselineSnapshot(json: data)
      else {
        throw ValidationError("--compare-with \(compareWith): expected a parapet.report/v1 JSON report or a parapet.baseline/v1 file")
      }
      previous = snapshot
    }
    for output in outputs {
      var chosenFormat = format
      var path = output
      if let equals = output.firstIndex(of: "="), Reporters.formats.contains(String(output[..<equals])) {
        chosenFormat = String(output[..<equals])
        path = String(output[output.index(after: equals)...])
      }
      guard let reporter = Reporters.reporter(for: chosenFormat, color: false, verbose: verbose, comparedWith: previous) else {
        throw ValidationError("unknown format '\(chosenFormat)'")
      }
      try AtomicWriter.write(reporter.render(report), to: path)
    }
    // With --output files, standard output keeps the text summary unless --quiet.
    if !quiet {
      let shown = outputs.isEmpty ? format : "text"
      guard let reporter = Reporters.reporter(for: shown, color: useColor && shown == "text", verbose: verbose, comparedWith: previous) else {
        throw ValidationError("unknown format '\(shown)'")
      }
      try Console.output(reporter.render(report))
    }
  }
}
