/// A `MAJOR.MINOR.PATCH` version (pre-release and build parts ignored for ordering).
public struct SemanticVersion: Comparable, Hashable, Sendable, CustomStringConvertible {
  public var parts: [Int]

  public init?(_ text: String) {
    let core = text.split(separator: "-").first.map(String.init) ?? text
    let numbers = core.split(separator: ".").map { Int($0) }
    guard !numbers.isEmpty, numbers.count <= 3, numbers.allSatisfy({ $0 != nil }) else {
      return nil
    }
    parts = numbers.map { $0! } + Array(repeating: 0, count: 3 - numbers.count)
  }

  public static func < (lhs: SemanticVersion, rhs: SemanticVersion) -> Bool {
    lhs.parts.lexicographicallyPrecedes(rhs.parts)
  }

  public var description: String { parts.map(String.init).joined(separator: ".") }

  /// Checks a requirement such as `>=0.2`, `>=0.2, <1.0`, `^0.3`, `=1.2.0`.
  public func satisfies(_ requirement: String) -> Bool? {
    for clause in requirement.split(separator: ",") {
      let text = clause.trimmingCharacters(in: .whitespaces)
      let operators = [">=", "<=", "==", ">", "<", "=", "^", "~"]
      guard let op = operators.first(where: { text.hasPrefix($0) }) else {
        guard let version = SemanticVersion(text) else { return nil }
        if self != version { return false }
        continue
      }
      guard let version = SemanticVersion(String(text.dropFirst(op.count)).trimmingCharacters(in: .whitespaces))
      else { return nil }
      let ok: Bool
      switch op {
      case ">=": ok = self >= version
      case "<=": ok = self <= version
      case ">": ok = self > version
      case "<": ok = self < version
      case "^":
        let upper = version.parts[0] > 0
          ? SemanticVersion("\(version.parts[0] + 1).0.0")!
          : SemanticVersion("0.\(version.parts[1] + 1).0")!
        ok = self >= version && self < upper
      case "~": ok = self >= version && self < SemanticVersion("\(version.parts[0]).\(version.parts[1] + 1).0")!
      default: ok = self == version
      }
      if !ok { return false }
    }
    return true
  }

  /// The lowest version `requirement` admits, read from its lower bounds (`>=`, `>`, `^`, `~`,
  /// `=`, a bare version); `0.0.0` when it has none. Nil when the requirement cannot be read.
  /// A `>` bound gives its own version: what it admits starts just above it.
  public static func lowerBound(of requirement: String) -> SemanticVersion? {
    var lowest = SemanticVersion("0.0.0")!
    for clause in requirement.split(separator: ",") {
      let text = clause.trimmingCharacters(in: .whitespaces)
      if text.hasPrefix("<") { continue }
      let operators = [">=", "==", ">", "=", "^", "~"]
      let op = operators.first(where: { text.hasPrefix($0) }) ?? ""
      guard let version = SemanticVersion(String(text.dropFirst(op.count)).trimmingCharacters(in: .whitespaces))
      else { return nil }
      lowest = max(lowest, version)
    }
    return lowest
  }
}

import Foundation
