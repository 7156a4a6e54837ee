/// What pack names and rule ids may look like, so that no pack can pass itself off as another.
///
/// Names and ids are plain ASCII: a Cyrillic `о` or a zero-width joiner would make a name that
/// looks like a trusted pack's (`owasp-django`) but is not, and reports, waivers, options and
/// locks all go by name. Two packs with the same name in one scan are refused for the same
/// reason: the second would receive the first one's options, waivers and grade.
public enum PackIdentity {
  public static let maximumLength = 64

  /// Why `name` is not a valid pack name (`[a-z0-9-]`, starting with a letter or digit), or nil.
  public static func packNameProblem(_ name: String) -> String? {
    let allowed: (Unicode.Scalar) -> Bool = { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    return problem(
      name, kind: "pack name", rule: "ASCII lowercase letters, digits and '-'", allowed: allowed)
  }

  /// Why `id` is not a valid rule id (ASCII letters, digits and `- _ . :`, starting with a letter
  /// or digit: `DJ-W004`, `security.W004`, `strict-transport-security`), or nil.
  public static func ruleIDProblem(_ id: String) -> String? {
    let allowed: (Unicode.Scalar) -> Bool = {
      ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "-_.:".unicodeScalars.contains($0)
    }
    return problem(id, kind: "rule id", rule: "ASCII letters, digits and - _ . :", allowed: allowed)
  }

  /// Refuses two packs with the same name in one scan, naming both folders.
  public static func requireUniqueNames(_ packs: [Pack]) throws {
    var seen: [String: Pack] = [:]
    for pack in packs {
      if let first = seen[pack.name] {
        throw PackError.invalid(
          "two packs are named \(pack.name): \(origin(first)) and \(origin(pack)); pack names must be unique in a scan (rename one in its pack.toml)")
      }
      seen[pack.name] = pack
    }
  }

  static func origin(_ pack: Pack) -> String {
    pack.isShipped ? "the shipped pack" : pack.root.path
  }

  private static func problem(
    _ text: String, kind: String, rule: String, allowed: (Unicode.Scalar) -> Bool
  ) -> String? {
    let shown = escaped(text)
    guard !text.isEmpty else { return "the \(kind) is empty" }
    guard text.unicodeScalars.count <= maximumLength else {
      return "\(kind) '\(shown.prefix(80))...' is longer than \(maximumLength) characters"
    }
    if let bad = text.unicodeScalars.first(where: { !allowed($0) }) {
      let code = "U+" + String(bad.value, radix: 16, uppercase: true).leftPadded(to: 4)
      let what = bad.properties.name.map { " \($0)" } ?? ""
      return "\(kind) '\(shown)' may only use \(rule) (found \(code)\(what))"
    }
    guard let first = text.unicodeScalars.first, first != "-", first != ".", first != "_", first != ":" else {
      return "\(kind) '\(shown)' must start with a letter or digit"
    }
    return nil
  }

  /// The text with every non-ASCII or control scalar written as `\u{…}`, so an invisible
  /// character shows in the message.
  static func escaped(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
      if scalar.value >= 0x20 && scalar.value < 0x7F {
        out.unicodeScalars.append(scalar)
      } else {
        out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
      }
    }
    return out
  }
}

extension String {
  fileprivate func leftPadded(to width: Int) -> String {
    count >= width ? self : String(repeating: "0", count: width - count) + self
  }
}
