import ParapetFacts

/// What a branch knows about a file outside the scanned evidence from the existence test that
/// guards it (`if os.path.isfile(p):`, `if not Path(p).exists():`).
package enum PathAssumption: Sendable, Equatable {
  /// `isfile(p)` held.
  case file
  /// `exists(p)` held. Opening it is taken to succeed: a folder where the code expects a
  /// file is a misconfiguration Parapet does not consider.
  case exists
  /// `exists(p)` did not hold.
  case absent
  /// `isfile(p)` did not hold: missing, or a folder.
  case notFile
}

/// An existence test of a path outside the scanned evidence, recorded where it was called.
struct ExistenceTest {
  var path: String
  var isFile: Bool
}

/// Existence tests guarding file reads. Opening a file Parapet cannot see is a possible
/// `FileNotFoundError` (`noteUnseenFile`), but not where the code has just tested that path: in
/// the branch where the test held the open cannot raise it (races aside), and in the branch where
/// it did not hold the open raises for certain. The condition's tests are recorded while it is
/// evaluated (`existenceTests`), keyed by call site; the branches then run under what each
/// branch implies (`pathAssumptions`, by normalised virtual path).
extension PythonEvaluator {
  /// Evaluates an `if` or conditional-expression condition, recording the existence tests of
  /// unseen paths it calls.
  func evaluateCondition(_ condition: PythonExpr, _ frame: Frame) throws(PythonException) -> (PythonValue, [SourceLocation: ExistenceTest]) {
    existenceTests.append([:])
    defer { existenceTests.removeLast() }
    let value = try evaluate(condition, frame)
    return (value, existenceTests.last ?? [:])
  }

  /// What `condition` being `truth` says about the paths its recorded tests named. `and` that
  /// holds and `or` that fails say it of every operand; `not` flips; anything else says nothing.
  func pathImplications(
    of condition: PythonExpr, holding truth: Bool, _ tests: [SourceLocation: ExistenceTest], _ frame: Frame
  ) -> [String: PathAssumption] {
    switch condition {
    case .call(_, _, let position):
      guard let test = tests[frame.at(position)] else { return [:] }
      let assumption: PathAssumption = test.isFile ? (truth ? .file : .notFile) : (truth ? .exists : .absent)
      return [test.path: assumption]
    case .unary("not", let operand, _):
      return pathImplications(of: operand, holding: !truth, tests, frame)
    case .boolean(let op, let items, _) where (op == "and") == truth:
      var all: [String: PathAssumption] = [:]
      for item in items {
        all.merge(pathImplications(of: item, holding: truth, tests, frame)) { _, new in new }
      }
      return all
    default:
      return [:]
    }
  }

  /// Runs `body` with `assumptions` added to those already made.
  func assuming<T>(_ assumptions: [String: PathAssumption], _ body: () throws(PythonException) -> T) throws(PythonException) -> T {
    if assumptions.isEmpty { return try body() }
    let saved = pathAssumptions
    pathAssumptions.merge(assumptions) { _, new in new }
    defer { pathAssumptions = saved }
    return try body()
  }

  /// `os.path.exists/isfile/isdir`, `Path.exists/is_file/is_dir` of a path outside the scanned
  /// evidence: the answer a guarding test gave, else unknown (and the test is recorded for the
  /// condition being evaluated).
  func unseenExistenceTest(_ virtual: String, _ test: String, shown: String, at location: SourceLocation) -> PythonValue {
    let isFile = test.hasSuffix("isfile") || test.hasSuffix("is_file")
    let isDirectory = test.hasSuffix("isdir") || test.hasSuffix("is_dir")
    if resolver.declaredAbsent(virtual) { return PythonValue(.bool(false), at: location) }
    if let assumed = pathAssumptions[virtual] {
      let answer: Bool?
      switch assumed {
      case .file: answer = !isDirectory
      case .exists: answer = isFile || isDirectory ? nil : true
      case .absent: answer = false
      case .notFile: answer = isFile ? false : nil
      }
      if let answer { return PythonValue(.bool(answer), at: location) }
    }
    if !isDirectory, !existenceTests.isEmpty {
      existenceTests[existenceTests.count - 1][location] = ExistenceTest(path: virtual, isFile: isFile)
    }
    return .unknown("whether \(shown) exists on the server (\(ServerFolders.hint(virtual)))", at: location)
  }

  /// Opening (or reading) the unseen file at `virtual`: no error where a guard said it exists,
  /// a certain `FileNotFoundError` where a guard said it does not (raised, so an enclosing
  /// `except` runs), otherwise a possible one (`noteUnseenFile`).
  func openUnseenFile(_ virtual: String, at location: SourceLocation) throws(PythonException) {
    // Created by the settings since the test (`if not p.exists(): p.write_text(...)`).
    if writtenFiles[virtual] != nil { return }
    try requireNoFileAbove(virtual, at: location)
    if isFolder(virtual) {
      // A folder of the scan (or of a server folder given with --server-dir): `except
      // FileNotFoundError` does not catch this (tournesol's SETTINGS_FILE naming a folder).
      throw PythonException.operatingSystem("IsADirectoryError", errno: 21, strerror: "Is a directory", path: virtual, at: location)
    }
    if resolver.declaredAbsent(virtual) {
      throw Self.fileNotFound(virtual, why: "not on the server, as --server-missing or --server-dir says", at: location)
    }
    if let why = resolver.ignoredAbsence(of: virtual) { throw Self.fileNotFound(virtual, why: why, at: location) }
    switch pathAssumptions[virtual] {
    case .file?, .exists?:
      return
    case .absent?:
      throw Self.fileNotFound(virtual, why: "the code opens it where its own test says it does not exist", at: location)
    case .notFile?:
      // Missing (FileNotFoundError) or a folder (IsADirectoryError): certain only when every
      // enclosing handler treats both alike.
      let splits = activeHandlers.contains { entry in
        entry.handlers.contains { Self.handles($0, "FileNotFoundError") != Self.handles($0, "IsADirectoryError") }
      }
      if !splits { throw Self.fileNotFound(virtual, why: "the code opens it where its own test says it does not exist", at: location) }
      noteUnseenFile(virtual, at: location)
    case nil:
      noteUnseenFile(virtual, at: location)
    }
  }

  static func fileNotFound(_ virtual: String, why: String, at location: SourceLocation) -> PythonException {
    PythonException.operatingSystem("FileNotFoundError", errno: 2, strerror: "No such file or directory", path: virtual, why: why, at: location)
  }

  /// True when the last statement of `body` always leaves it by `return` or `raise`.
  static func alwaysLeaves(_ body: [PythonStmt]) -> Bool {
    switch body.last {
    case .returnValue?, .raise?: return true
    case .with(_, let inner, false, _)?: return alwaysLeaves(inner)
    case .ifChain(let branches, let otherwise, _)?:
      guard let otherwise else { return false }
      return alwaysLeaves(otherwise) && branches.allSatisfy { alwaysLeaves($0.body) }
    default: return false
    }
  }
}
