import CLuaSandbox
import Foundation
import ParapetFacts
import Synchronization

/// Runs packs over bundles of facts.
///
/// Packs are compiled once per Lua state; states are pooled (one per worker) and reused across
/// bundles. Every rule evaluation runs under the sandbox limits; a rule that raises or breaks
/// a limit becomes an `error` finding and the others still run.
public final class PolicyEngine: Sendable {
  public let packs: [Pack]
  public let limits: SandboxLimits
  /// Options per pack: the pack's defaults overridden by the project's configuration.
  public let options: [String: [String: JSONValue]]
  private let pool: Mutex<[Worker]>
  private let created = Atomic<Int>(0)
  /// What `descriptors()` returns: the same for every worker, so read once (every report
  /// carries it, and building it per bundle cost a worker round trip and a copy per rule).
  private let loadedRules: [(pack: Pack, rules: [RuleDescriptor], errors: [(path: String, message: String)])]

  /// A Lua state with every pack compiled into it.
  final class Worker: @unchecked Sendable {
    let state: LuaState
    let compiled: [CompiledPack]
    let reportRef: Int32

    init(
      packs: [Pack], options: [String: [String: JSONValue]], limits: SandboxLimits,
      loadExamples: Bool
    ) throws {
      let state = try LuaState(limits: limits)
      self.state = state
      compiled = try packs.map {
        try CompiledPack(
          pack: $0, options: options[$0.name] ?? [:], state: state, loadExamples: loadExamples)
      }
      reportRef = try ReportCallbacks.make(state)
    }
  }

  /// Compiles the packs once up front, so broken packs are reported before any bundle runs.
  /// Whether descriptors carry rule examples (for `parapet test`, docs and explain).
  public let loadExamples: Bool

  /// Rules whose `evidence` names a namespace nothing produces, by `pack\0rule`
  /// (`EvidenceRequirements`); they report an `error` instead of running.
  public let evidenceProblems: [String: EvidenceRequirements.Problem]

  /// `namespaces`: the top-level fact namespaces the scan's readers and plugins produce
  /// (`EvidenceRegistry.namespaces`); nil leaves rules' `evidence` unchecked.
  public init(
    packs: [Pack], options: [String: [String: JSONValue]] = [:], limits: SandboxLimits = .standard,
    loadExamples: Bool = false, namespaces: Set<String>? = nil
  ) throws {
    self.loadExamples = loadExamples
    try PackIdentity.requireUniqueNames(packs)
    self.packs = packs
    self.limits = limits
    var merged: [String: [String: JSONValue]] = [:]
    for pack in packs {
      var values = pack.manifest.options
      for (key, value) in options[pack.name] ?? [:] { values[key] = value }
      merged[pack.name] = values
    }
    self.options = merged
    let first: Worker
    do {
      first = try Worker(packs: packs, options: merged, limits: limits, loadExamples: loadExamples)
    } catch let error as LuaError {
      // A Lua error while compiling packs or building their environments is a broken pack
      // (exit code 2), not an internal failure (ArgumentParser would exit with 1).
      throw PackError.invalid("cannot build the policy engine: \(error.summary)")
    }
    loadedRules = first.compiled.map { ($0.pack, $0.rules.map(\.descriptor), $0.loadErrors) }
    var problems: [String: EvidenceRequirements.Problem] = [:]
    if let namespaces {
      for problem in EvidenceRequirements.problems(loadedRules.map { ($0.pack, $0.rules) }, known: namespaces)
      where problems["\(problem.pack)\u{0}\(problem.rule)"] == nil {
        problems["\(problem.pack)\u{0}\(problem.rule)"] = problem
      }
    }
    evidenceProblems = problems
    pool = Mutex([first])
    created.store(1, ordering: .relaxed)
  }

  /// Rules of every pack, as loaded (for `parapet explain`, docs and tests).
  public func descriptors() -> [(pack: Pack, rules: [RuleDescriptor], errors: [(path: String, message: String)])] {
    loadedRules
  }

  /// Borrows a worker (creating one when all are busy) and returns it afterwards. When another
  /// worker cannot be made (the process is out of memory, or a pack compiles differently the
  /// second time), the error is thrown: callers turn it into `error` findings, never a crash.
  func withWorker<T>(_ body: (Worker) throws -> T) throws -> T {
    let borrowed = pool.withLock { $0.popLast() }
    let worker: Worker
    if let borrowed {
      worker = borrowed
    } else {
      worker = try Worker(packs: packs, options: options, limits: limits, loadExamples: loadExamples)
      created.add(1, ordering: .relaxed)
    }
    defer { pool.withLock { $0.append(worker) } }
    return try body(worker)
  }

  /// Evaluates every rule of every pack over one bundle's facts.
  public func evaluate(_ facts: FactTree, skipping disabled: Set<String> = []) -> [PackEvaluation] {
    let arena = FactArena(facts.fact)
    do {
      return try evaluateOnAWorker(arena, facts: facts, skipping: disabled)
    } catch {
      // No Lua state to run the rules in: every pack's result is an error, so the scan exits 2.
      return packs.map { pack in
        PackEvaluation(
          name: pack.name, version: pack.version, digest: pack.digest,
          findings: [
            Finding(
              ruleID: "engine", pack: pack.name, packVersion: pack.version, title: "Rules could not run",
              status: .error, severity: .high, message: "cannot start a Lua worker: \(error)")
          ])
      }
    }
  }

  private func evaluateOnAWorker(_ arena: FactArena, facts: FactTree, skipping disabled: Set<String>) throws -> [PackEvaluation] {
    // What the findings of this scan hold so far, against the scan's output cap.
    var output = OutputBudget(limit: limits.scanOutputBytes)
    return try withWorker { worker in
      worker.state.bridge.setBundle(arena)
      return worker.compiled.map { compiled in
        var findings: [Finding] = []
        for (path, message) in compiled.loadErrors where path != "grade.lua" {
          findings.append(loadErrorFinding(compiled.pack, path: path, message: message))
        }
        for (index, rule) in compiled.rules.enumerated() {
          let id = rule.descriptor.id
          if disabled.contains(id) || disabled.contains("\(compiled.pack.name)/\(id)")
            || compiled.pack.manifest.disabled.contains(id)
          {
            continue
          }
          findings += output.admit(
            run(index, of: compiled, facts: facts, worker: worker),
            file: "\(compiled.pack.name)/\(rule.descriptor.path)")
        }
        return PackEvaluation(
          name: compiled.pack.name, version: compiled.pack.version, digest: compiled.pack.digest,
          findings: findings)
      }
    }
  }

  /// Runs a pack's grade.lua over its findings (twice: honouring waivers, and ignoring them).
  public func grade(_ evaluation: inout PackEvaluation) {
    do {
      try gradeOnAWorker(&evaluation)
    } catch {
      evaluation.grade = PackGrade(score: nil, grade: nil, summary: "grading failed: cannot start a Lua worker: \(error)")
      evaluation.gradeWithoutWaivers = evaluation.grade
    }
    // A pack that could not grade itself has an incomplete result: an error, so the scan
    // exits 2 and every report lists why.
    if let summary = evaluation.grade?.summary, summary.hasPrefix("grading failed: "),
      let pack = packs.first(where: { $0.name == evaluation.name })
    {
      evaluation.findings.append(
        Finding(
          ruleID: "grade.lua", pack: pack.name, packVersion: pack.version, title: "Grading failed",
          status: .error, severity: .high, message: summary,
          location: SourceLocation(file: "\(pack.name)/grade.lua")))
    }
  }

  private func gradeOnAWorker(_ evaluation: inout PackEvaluation) throws {
    try withWorker { worker in
      guard let compiled = worker.compiled.first(where: { $0.pack.name == evaluation.name }) else {
        return
      }
      if compiled.loadErrors.contains(where: { $0.path == "grade.lua" }) {
        let message = compiled.loadErrors.first { $0.path == "grade.lua" }!.message
        evaluation.grade = PackGrade(score: nil, grade: nil, summary: "grading failed: \(message)")
        return
      }
      func run(_ findings: [Finding]) -> PackGrade? {
        let results = findings.map(Self.gradeInput)
        do {
          return try compiled.grade(results: results, state: worker.state).flatMap(PackGrade.make)
        } catch {
          let summary = (error as? LuaError)?.summary ?? "\(error)"
          return PackGrade(score: nil, grade: nil, summary: "grading failed: \(summary)")
        }
      }
      evaluation.grade = run(evaluation.findings)
      if evaluation.findings.contains(where: { $0.waiver != nil }) {
        var unwaived = evaluation.findings
        for index in unwaived.indices { unwaived[index].waiver = nil }
        evaluation.gradeWithoutWaivers = run(unwaived)
      } else {
        evaluation.gradeWithoutWaivers = evaluation.grade
      }
    }
  }

  static func gradeInput(_ finding: Finding) -> JSONValue {
    var pairs: [(String, JSONValue)] = [
      ("rule", .string(finding.ruleID)),
      ("status", .string(finding.status.rawValue)),
      ("severity", .string(finding.severity.rawValue)),
      ("waived", .bool(finding.waiver != nil)),
      ("message", .string(finding.message)),
    ]
    if let result = finding.result { pairs.append(("result", .string(result))) }
    if let modifier = finding.scoreModifier { pairs.append(("score_modifier", .integer(Int64(modifier)))) }
    if let target = finding.target { pairs.append(("target", .string(target))) }
    if !finding.references.isEmpty {
      pairs.append(("references", .array(finding.references.map { .string($0) })))
    }
    if let data = finding.data { pairs.append(("data", data)) }
    return .object(pairs)
  }

  private func loadErrorFinding(_ pack: Pack, path: String, message: String) -> Finding {
    Finding(
      ruleID: path, pack: pack.name, packVersion: pack.version, title: "Rule failed to load",
      status: .error, severity: .high, message: "cannot load \(path): \(message)",
      location: SourceLocation(file: "\(pack.name)/\(path)"))
  }

  private func run(
    _ index: Int, of compiled: CompiledPack, facts: FactTree, worker: Worker
  ) -> [Finding] {
    let descriptor = compiled.rules[index].descriptor
    let pack = compiled.pack
    func finding(_ status: FindingStatus, _ message: String, _ raw: RawReport? = nil) -> Finding {
      Finding(
        ruleID: descriptor.id, pack: pack.name, packVersion: pack.version,
        title: descriptor.title, status: status, severity: raw?.severity ?? descriptor.severity,
        message: message, location: raw?.location, references: descriptor.references,
        remediation: descriptor.remediation, result: raw?.result,
        scoreModifier: raw?.scoreModifier, target: raw?.target, data: raw?.data,
        reportedCheck: raw?.djangoCheck)
    }
    if let problem = evidenceProblems["\(pack.name)\u{0}\(descriptor.id)"] {
      var failure = finding(.error, problem.message)
      failure.location = SourceLocation(file: problem.file, line: problem.line)
      return [failure]
    }
    for path in descriptor.evidence where facts.lookup(path) == nil {
      return [finding(.notApplicable, "no evidence: this rule needs `\(path)`")]
    }
    if !descriptor.evidenceAny.isEmpty, !descriptor.evidenceAny.contains(where: { facts.lookup($0) != nil }) {
      let names = descriptor.evidenceAny.map { "`\($0)`" }.joined(separator: ", ")
      return [finding(.notApplicable, "no evidence: this rule needs one of \(names)")]
    }
    let state = worker.state
    let L = state.L
    let base = state.top
    var succeeded = false
    state.bridge.findingOverhead = OutputBudget.metadataBytes(descriptor)
    state.bridge.djangoChecks = Set(Finding.djangoChecks(descriptor.references))
    defer {
      state.settop(base)
      state.bridge.acceptingReports = false
      state.bridge.reports = []
      compiled.retire(index, succeeded: succeeded, state: state)
    }
    do {
      try compiled.instantiate(index, state: state)
      let table = state.top
      if descriptor.hasApplies {
        LuaState.push(L, "applies")
        psb_rawget(L, table)
        psb_pushnode(L, 0, 0, state.bridge.generation)
        compiled.pushOptions(state: state)
        try state.call(arguments: 2, results: 1)
        let applies = psb_toboolean(L, -1) != 0
        state.settop(table)
        if !applies {
          succeeded = true
          return [finding(.notApplicable, "the rule does not apply to this evidence")]
        }
      }
      LuaState.push(L, "check")
      psb_rawget(L, table)
      psb_pushnode(L, 0, 0, state.bridge.generation)
      state.push(ref: worker.reportRef)
      compiled.pushOptions(state: state)
      state.bridge.reports = []
      state.bridge.acceptingReports = true
      try state.call(arguments: 3, results: 0)
      state.bridge.acceptingReports = false
      succeeded = true
      let reports = state.bridge.reports
      if reports.isEmpty { return [finding(.pass, "")] }
      return reports.map { finding($0.status, $0.message ?? "", $0) }.sorted(by: Self.order)
    } catch let error as LuaError {
      var failure = finding(.error, "rule \(descriptor.id) failed: \(error.summary)")
      failure.location = SourceLocation(file: "\(pack.name)/\(descriptor.path)")
      failure.data = .object([("error", .string(error.description.replacingOccurrences(of: "\t", with: "  ")))])
      return [failure]
    } catch {
      var failure = finding(.error, "rule \(descriptor.id) failed: \(error)")
      failure.location = SourceLocation(file: "\(pack.name)/\(descriptor.path)")
      return [failure]
    }
  }

  /// Findings of one rule in a stable order, whatever order the rule reported them in.
  static func order(_ a: Finding, _ b: Finding) -> Bool {
    let left = (a.target ?? "", a.location?.file ?? "", a.location?.line ?? 0, a.result ?? "", a.message, a.status.rawValue)
    let right = (b.target ?? "", b.location?.file ?? "", b.location?.line ?? 0, b.result ?? "", b.message, b.status.rawValue)
    return left < right
  }
}
