import Foundation
/// Docker compose's `${…}` interpolation.
///
/// Supports `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?error}`,
/// `${VAR?error}`, `${VAR:+alternative}`, `${VAR+alternative}`, `$$` (a literal `$`) and defaults
/// that interpolate again (`${A:-${B}}`). A variable with no value and no default is not
/// silently empty, as compose would make it: the result says which names would decide it.
public enum ComposeInterpolation {
  public enum Result: Equatable, Sendable {
    case value(String)
    /// The names the value depends on, none of which is known.
    case unresolved([String])
    case invalid(String)
  }

  /// The deepest nesting of `${` in `text`.
  static func nesting(_ text: String) -> Int {
    var open = 0
    var deepest = 0
    var previous: UInt8 = 0
    for byte in text.utf8 {
      if byte == UInt8(ascii: "{"), previous == UInt8(ascii: "$") {
        open += 1
        deepest = max(deepest, open)
      } else if byte == UInt8(ascii: "}"), open > 0 {
        open -= 1
      }
      previous = byte
    }
    return deepest
  }

  /// Interpolates `text` with `lookup` (the shell environment, then the project `.env`).
  /// Defaults nest (`${A:-${B:-…}}`); deeper than `ReadBudget.maximumDepth` levels is invalid,
  /// so hostile nesting can neither overflow the stack nor cost more than linear time.
  public static func interpolate(_ text: String, _ lookup: (String) -> String?, depth level: Int = 0) -> Result {
    guard text.contains("$") else { return .value(text) }
    // One linear pass over the bytes first: text nested too deeply is refused before any
    // level copies its default.
    guard level < ReadBudget.maximumDepth, level > 0 || nesting(text) <= ReadBudget.maximumDepth else {
      return .invalid("interpolation nested deeper than \(ReadBudget.maximumDepth) levels (the reading limit)")
    }
    var out = ""
    var unresolved: [String] = []
    let characters = Array(text)
    var index = 0
    while index < characters.count {
      let character = characters[index]
      guard character == "$" else {
        out.append(character)
        index += 1
        continue
      }
      guard index + 1 < characters.count else {
        out.append("$")
        index += 1
        continue
      }
      let next = characters[index + 1]
      if next == "$" {
        out.append("$")
        index += 2
        continue
      }
      if next == "{" {
        // Find the matching brace, allowing nested `${…}` in defaults.
        var depth = 1
        var close = index + 2
        while close < characters.count {
          if characters[close] == "{" { depth += 1 }
          if characters[close] == "}" {
            depth -= 1
            if depth == 0 { break }
          }
          close += 1
        }
        guard close < characters.count else { return .invalid("'${' without a closing '}'") }
        let inner = String(characters[(index + 2)..<close])
        index = close + 1
        let name = String(inner.prefix { $0.isLetter || $0.isNumber || $0 == "_" })
        guard !name.isEmpty else { return .invalid("invalid interpolation '${\(inner)}'") }
        let rest = inner.dropFirst(name.count)
        let value = lookup(name)
        if rest.isEmpty {
          if let value { out += value } else { unresolved.append(name) }
          continue
        }
        let colon = rest.hasPrefix(":")
        let operation = colon ? rest.dropFirst().first : rest.first
        let word = String(rest.dropFirst(colon ? 2 : 1))
        // With a colon, an empty value counts as unset.
        let isSet = value != nil && (!colon || !(value ?? "").isEmpty)
        switch operation {
        case "-":
          if isSet {
            out += value ?? ""
          } else {
            // The default is what the file says when the evidence has no value; the
            // production shell may still set the variable, which `--env` can express.
            switch interpolate(word, lookup, depth: level + 1) {
            case .value(let text): out += text
            case .unresolved(let names): unresolved += names
            case .invalid(let message): return .invalid(message)
            }
          }
        case "?":
          if isSet { out += value ?? "" } else { unresolved.append(name) }
        case "+":
          if isSet {
            switch interpolate(word, lookup, depth: level + 1) {
            case .value(let text): out += text
            case .unresolved(let names): unresolved += names
            case .invalid(let message): return .invalid(message)
            }
          } else if value == nil {
            unresolved.append(name)
          }
        default:
          return .invalid("invalid interpolation '${\(inner)}'")
        }
        continue
      }
      let name = characters[(index + 1)...].prefix { $0.isLetter || $0.isNumber || $0 == "_" }
      if name.isEmpty {
        out.append("$")
        index += 1
        continue
      }
      index += 1 + name.count
      if let value = lookup(String(name)) { out += value } else { unresolved.append(String(name)) }
    }
    return unresolved.isEmpty ? .value(out) : .unresolved(unresolved)
  }
}
