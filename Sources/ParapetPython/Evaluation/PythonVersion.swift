import Foundation
import ParapetFacts

/// The Python versions the project may run on: `lower ..< upper` over (major, minor, micro),
/// with where the evidence said so. An exact version is a range of one micro release.
public struct PythonVersionRange: Sendable, Equatable, CustomStringConvertible {
  /// Inclusive (major, minor, micro).
  public var lower: [Int]
  /// Exclusive; nil means no upper bound (up to the last Python 3 release Parapet considers).
  public var upper: [Int]?
  /// Where it was read (`Dockerfile:12`, `pyproject.toml:5`).
  public var source: String

  public init(lower: [Int], upper: [Int]?, source: String) {
    self.lower = lower
    self.upper = upper
    self.source = source
  }

  public var description: String {
    let low = lower.map(String.init).joined(separator: ".")
    guard let upper else { return ">=\(low) (\(source))" }
    if let exact = exact { return exact.map(String.init).joined(separator: ".") + " (\(source))" }
    return ">=\(low), <\(upper.map(String.init).joined(separator: ".")) (\(source))"
  }

  /// The one version in the range, if there is only one.
  public var exact: [Int]? {
    guard let upper, upper == [lower[0], lower[1], lower[2] + 1] else { return nil }
    return lower
  }

  /// The micro releases Parapet considers for a range: Python 3.0 to 3.30 with micro releases
  /// up to 40 (a range open above stops at 3.30: there is no Python 4).
  package var candidates: [[Int]] {
    if let exact { return [exact] }
    var out: [[Int]] = []
    for major in 2...4 {
      for minor in 0...30 {
        for micro in 0...40 {
          let version = [major, minor, micro]
          guard !version.lexicographicallyPrecedes(lower) else { continue }
          if let upper {
            guard version.lexicographicallyPrecedes(upper) else { continue }
          } else if major > 3 {
            continue
          }
          out.append(version)
        }
      }
    }
    return out
  }

  /// The intersection with another range; nil when empty.
  func intersecting(_ other: PythonVersionRange) -> PythonVersionRange? {
    let low = lower.lexicographicallyPrecedes(other.lower) ? other.lower : lower
    var high = upper
    if let theirs = other.upper, high.map({ theirs.lexicographicallyPrecedes($0) }) ?? true { high = theirs }
    if let high, !low.lexicographicallyPrecedes(high) { return nil }
    return PythonVersionRange(lower: low, upper: high, source: source + ", " + other.source)
  }

  /// A version as written (`3.12`, `3.12.1`, `3.12-slim`): the range it names (all micro
  /// releases when the micro is missing).
  package static func named(_ text: String, source: String) -> PythonVersionRange? {
    let numbers = leadingVersion(text)
    guard numbers.count >= 2 else { return nil }
    if numbers.count >= 3 {
      return PythonVersionRange(lower: Array(numbers.prefix(3)), upper: [numbers[0], numbers[1], numbers[2] + 1], source: source)
    }
    return PythonVersionRange(lower: [numbers[0], numbers[1], 0], upper: [numbers[0], numbers[1] + 1, 0], source: source)
  }

  /// `3.12.1-slim` → [3, 12, 1].
  static func leadingVersion(_ text: String) -> [Int] {
    var numbers: [Int] = []
    var current = ""
    for character in text {
      if character.isASCII && character.isNumber {
        current.append(character)
        if current.count > 6 { return [] }
      } else if character == "." && !current.isEmpty {
        numbers.append(Int(current)!)
        current = ""
      } else {
        break
      }
    }
    if !current.isEmpty { numbers.append(Int(current)!) }
    return Array(numbers.prefix(3))
  }

  /// A PEP 440 specifier set (`>=3.10,<3.13`, `~=3.11`, `==3.12.*`) or a Poetry constraint
  /// (`^3.11`, `~3.11`, `3.11`). Clauses Parapet cannot represent (`!=`) are left out, which
  /// only widens the range.
  package static func specifier(_ text: String, source: String) -> PythonVersionRange? {
    var range = PythonVersionRange(lower: [0, 0, 0], upper: nil, source: source)
    var understood = false
    for rawClause in text.split(separator: ",") {
      let clause = rawClause.filter { !$0.isWhitespace }
      var op = ""
      var rest = Substring(clause)
      for candidate in ["===", "==", "~=", ">=", "<=", "!=", ">", "<", "^", "~", "="] where rest.hasPrefix(candidate) {
        op = candidate
        rest = rest.dropFirst(candidate.count)
        break
      }
      let wildcard = rest.hasSuffix(".*")
      let numbers = leadingVersion(String(rest))
      guard !numbers.isEmpty else { continue }
      let padded = numbers + Array(repeating: 0, count: 3 - numbers.count)
      func bump(_ index: Int) -> [Int] {
        var out = Array(padded.prefix(index + 1))
        out[index] += 1
        return out + Array(repeating: 0, count: 3 - out.count)
      }
      var low: [Int] = [0, 0, 0]
      var high: [Int]?
      switch op {
      case ">=": low = padded
      case ">": low = bump(2)
      case "<": high = padded
      case "<=": high = bump(2)
      case "~=":
        guard numbers.count >= 2 else { continue }
        low = padded
        high = bump(numbers.count - 2)
      case "^":
        low = padded
        high = padded[0] > 0 ? bump(0) : bump(1)
      case "~":
        low = padded
        high = numbers.count >= 2 ? bump(1) : bump(0)
      case "!=": continue
      default:
        // ==, ===, = and a bare version: exact, or every release with that prefix.
        low = padded
        high = wildcard || numbers.count < 3 ? bump(numbers.count - 1) : bump(2)
      }
      let clauseRange = PythonVersionRange(lower: low, upper: high, source: source)
      guard let narrowed = range.intersecting(clauseRange) else { return nil }
      range = narrowed
      range.source = source
      understood = true
    }
    return understood ? range : nil
  }

  /// The project's Python from the evidence: the final stage of the Dockerfile
  /// (`FROM python:3.12-slim`, what production runs), `runtime.txt`, `.python-version`, then
  /// `requires-python`/Poetry's `python`/`python_requires`. Sources are intersected in that
  /// order; one that contradicts the ones before it is ignored. Nil when nothing says.
  public static func find(in files: [EvidenceFile]) -> PythonVersionRange? {
    func shallowest(_ matches: (String) -> Bool) -> [EvidenceFile] {
      files.filter { matches(baseName($0.path)) }.sorted {
        ($0.path.split(separator: "/").count, $0.path) < ($1.path.split(separator: "/").count, $1.path)
      }
    }
    var found: [PythonVersionRange] = []
    if let docker = shallowest({ $0 == "Dockerfile" || $0.hasSuffix(".Dockerfile") || $0.hasPrefix("Dockerfile.") }).lazy.compactMap(dockerfile).first {
      found.append(docker)
    }
    if let file = shallowest({ $0 == "runtime.txt" }).first, let line = file.text.split(separator: "\n").first {
      let text = line.trimmingCharacters(in: .whitespaces)
      if text.hasPrefix("python-"), let range = named(String(text.dropFirst(7)), source: file.path + ":1") { found.append(range) }
    }
    if let file = shallowest({ $0 == ".python-version" }).first {
      for (index, line) in file.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
        let text = line.trimmingCharacters(in: .whitespaces)
        if text.isEmpty || text.hasPrefix("#") { continue }
        if let range = named(text, source: "\(file.path):\(index + 1)") { found.append(range) }
        break
      }
    }
    for file in shallowest({ $0 == "pyproject.toml" || $0 == "setup.cfg" || $0 == "setup.py" }) {
      if let range = declaredRange(file) {
        found.append(range)
        break
      }
    }
    guard var range = found.first else { return nil }
    for other in found.dropFirst() {
      if let narrowed = range.intersecting(other) { range = narrowed }
    }
    return range
  }

  private static func baseName(_ path: String) -> String {
    String(path.split(separator: "/").last ?? "")
  }

  /// `requires-python` or Poetry's `python = "^3.11"` (pyproject.toml, read with the project's
  /// one TOML parser), or `python_requires` (setup.cfg, setup.py).
  private static func declaredRange(_ file: EvidenceFile) -> PythonVersionRange? {
    if baseName(file.path) == "pyproject.toml" {
      guard let document = try? TOMLFacts.parse(file.text, file: file.path) else { return nil }
      for path in ["project.requires-python", "tool.poetry.dependencies.python"] {
        guard let node = document.lookup(path), let value = node.value.stringValue else { continue }
        if let range = specifier(value, source: "\(file.path):\(node.location?.line ?? 1)") { return range }
      }
      return nil
    }
    var section = ""
    for (index, rawLine) in file.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let line = rawLine.trimmingCharacters(in: .whitespaces)
      if line.hasPrefix("[") { section = line }
      let key: String
      if line.hasPrefix("requires-python") || line.hasPrefix("python_requires") {
        key = "requires"
      } else if section == "[tool.poetry.dependencies]" && (line.hasPrefix("python ") || line.hasPrefix("python=")) {
        key = "poetry"
      } else {
        continue
      }
      guard let separator = line.firstIndex(where: { $0 == "=" || $0 == ":" }) else { continue }
      var value = line[line.index(after: separator)...].trimmingCharacters(in: .whitespaces)
      if value.hasSuffix(",") { value.removeLast() }
      value = value.trimmingCharacters(in: CharacterSet(["\"", "'", " "]))
      _ = key
      if let range = specifier(value, source: "\(file.path):\(index + 1)") { return range }
    }
    return nil
  }

  /// The final stage's base image, following stage names (`FROM base AS final`).
  private static func dockerfile(_ file: EvidenceFile) -> PythonVersionRange? {
    var stages: [String: (image: String, line: Int)] = [:]
    var last: (image: String, line: Int)?
    var arguments: [String: String] = [:]
    for (index, rawLine) in file.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let words = rawLine.split(whereSeparator: \.isWhitespace).map(String.init)
      // `ARG python_version=3.13-slim` before `FROM python:$python_version`.
      if words.first?.uppercased() == "ARG", words.count >= 2, let equals = words[1].firstIndex(of: "=") {
        let value = words[1][words[1].index(after: equals)...].trimmingCharacters(in: CharacterSet(["\"", "'"]))
        arguments[String(words[1][..<equals])] = value
        continue
      }
      guard words.first?.uppercased() == "FROM" else { continue }
      let expanded = words.dropFirst().filter { !$0.hasPrefix("--") }.map { word in
        var out = word
        for (name, value) in arguments {
          out = out.replacingOccurrences(of: "${" + name + "}", with: value).replacingOccurrences(of: "$" + name, with: value)
        }
        return out
      }
      let image = expanded.first ?? ""
      guard !image.isEmpty else { continue }
      var resolved = (image: image.lowercased(), line: index + 1)
      if let stage = stages[resolved.image] { resolved = stage }
      if expanded.count >= 3, expanded[1].uppercased() == "AS" {
        stages[expanded[2].lowercased()] = resolved
      }
      last = resolved
    }
    guard let last else { return nil }
    let name = last.image.split(separator: "@").first.map(String.init) ?? last.image
    guard let colon = name.lastIndex(of: ":") else { return nil }
    let repository = name[..<colon]
    guard repository == "python" || repository.hasSuffix("/python") else { return nil }
    return named(String(name[name.index(after: colon)...]), source: "\(file.path):\(last.line)")
  }
}

/// A value derived from `sys.version_info`: the version range and what was taken from it
/// (`[:2]`, `.major`, `platform.python_version()`).
package struct PythonVersionValue: Sendable {
  package enum Step: Sendable {
    case index(Int)
    case slice(Int?, Int?)
    /// `platform.python_version()`: "3.12.1".
    case text
    /// `platform.python_version_tuple()`: ("3", "12", "1").
    case textTuple
    /// `int()` of a part that is a string of digits (`int(major)` after unpacking
    /// `python_version_tuple()`).
    case integer
    /// `sys.hexversion`.
    case hex
  }

  package var range: PythonVersionRange?
  package var steps: [Step] = []

  /// The value for one interpreter version.
  package func value(for version: [Int]) -> PythonValue? {
    var current = PythonValue(.tuple(version.map { PythonValue(.integer($0)) } + [PythonValue(.string("final")), PythonValue(.integer(0))]))
    for step in steps {
      switch step {
      case .index(let position):
        guard let items = current.elements else { return nil }
        let resolved = position < 0 ? items.count + position : position
        guard resolved >= 0 && resolved < items.count else { return nil }
        current = items[resolved]
      case .slice(let lower, let upper):
        guard let items = current.elements else { return nil }
        func bound(_ value: Int?, _ fallback: Int) -> Int {
          guard let value else { return fallback }
          return min(max(value < 0 ? items.count + value : value, 0), items.count)
        }
        let start = bound(lower, 0), end = bound(upper, items.count)
        current = PythonValue(.tuple(start < end ? Array(items[start..<end]) : []))
      case .text:
        current = PythonValue(.string(version.map(String.init).joined(separator: ".")))
      case .textTuple:
        current = PythonValue(.tuple(version.map { PythonValue(.string(String($0))) }))
      case .integer:
        guard let text = current.stringValue, let number = Int(text) else { return nil }
        current = PythonValue(.integer(number))
      case .hex:
        current = PythonValue(.integer(version[0] << 24 | version[1] << 16 | version[2] << 8 | 0xF0))
      }
    }
    return current
  }

  /// The value when the range is one version.
  package var exactValue: PythonValue? {
    guard let exact = range?.exact else { return nil }
    return value(for: exact)
  }

  /// This value with one more step.
  package func appending(_ step: Step) -> PythonVersionValue {
    var copy = self
    copy.steps.append(step)
    return copy
  }

  package func adding(_ step: Step) -> PythonValue {
    var copy = self
    copy.steps.append(step)
    return PythonValue(.object(.version(copy)))
  }

  /// Why the value is not known.
  package var reason: String {
    guard let range else {
      return "the Python version, which the evidence does not give (.python-version, requires-python, the Dockerfile's FROM python:…)"
    }
    return "the Python version, which the evidence gives only as \(range)"
  }
}
