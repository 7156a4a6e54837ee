import OrderedCollections
import ParapetFacts

/// TOML as Python sees it (`tomllib.load`/`tomllib.loads`, dynaconf's files and typed
/// environment values), through the project's one TOML reader (`TOMLFacts`, in ParapetFacts)
/// so every value keeps its `file:line`. Dates and times, which TOMLFacts keeps as text while
/// tomllib gives `datetime` objects, become unknown.
extension PythonEvaluator {
  /// The document as a dict, or nil with the parse problem.
  struct TOMLProblem: Error {
    var line: Int
    var message: String
  }

  func tomlDocument(_ text: String, file: String) -> Result<PythonValue, TOMLProblem> {
    do {
      let fact = try TOMLFacts.parse(text, file: file)
      return .success(Self.pythonValue(fact))
    } catch let problem as TOMLFacts.Problem {
      return .failure(TOMLProblem(line: problem.line, message: problem.message))
    } catch {
      return .failure(TOMLProblem(line: 1, message: "not TOML"))
    }
  }

  static func pythonValue(_ fact: Fact, depth: Int = 0) -> PythonValue {
    let location = fact.location
    guard depth < 64 else { return .unknown("TOML nested too deeply", at: location) }
    switch fact.value {
    case .null: return PythonValue(.none, at: location)
    case .bool(let flag): return PythonValue(.bool(flag), at: location)
    case .integer(let number): return PythonValue(.integer(Int(number)), at: location)
    case .number(let number): return PythonValue(.float(number), at: location)
    case .string(let text):
      return PythonValue(.string(text), at: location)
    case .list(let items): return PythonValue(.list(PythonList(items.map { pythonValue($0, depth: depth + 1) })), at: location)
    case .map(let entries):
      let dict = PythonDict()
      for (key, item) in entries { dict.entries[.string(key)] = (PythonValue(.string(key)), pythonValue(item, depth: depth + 1)) }
      return PythonValue(.dict(dict), at: location)
    case .unknown(let unknown): return .unknown(unknown.reason, at: location)
    case .secret: return .unknown("a secret TOML value", at: location)
    }
  }

  /// `tomllib.loads(text)` / `tomllib.load(file)`.
  func tomllibCall(_ name: String, _ positional: [PythonValue], _ frame: Frame, at location: SourceLocation) throws(PythonException) -> PythonValue {
    guard let argument = positional.first else { return .unknown("\(name)()", at: location) }
    var text = argument
    var file = location.file
    if name.hasSuffix(".load") {
      guard case .opaque(let type) = argument.kind, Self.fileObject(type) != nil else {
        return .unknown("\(name)() of a stream Parapet cannot read", at: location).merging([argument])
      }
      text = try fileMethod(argument, type, "file.read", [], at: location)
      file = text.location?.file ?? file
    }
    if text.isUnknown { return text }
    // tomllib.load() reads a binary file (`open(path, "rb")`).
    var bytes: String?
    if name.hasSuffix(".load"), case .bytes(let raw) = text.kind { bytes = raw }
    guard let content = text.stringValue ?? bytes else { return .unknown("\(name)() of a value that is not text", at: location).merging([text]) }
    switch tomlDocument(content, file: file) {
    case .success(let value): return value.merging([text])
    case .failure(let problem):
      throw PythonException(type: "TOMLDecodeError", message: "\(problem.message) (line \(problem.line))", location: location)
    }
  }
}
