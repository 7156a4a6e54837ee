/// Finds the line a TOML key is written on, for messages: TOMLKit keeps no positions.
enum TOMLLines {
  /// The 1-based line of the first place `key` is written as a key (`key = …`, `key.x = …`,
  /// `"key" = …`, `[key]`, `[a.key]`), else of the first line mentioning it, else 1.
  static func line<S: StringProtocol>(of key: String, in lines: [S]) -> Int {
    func isKey(_ line: Substring) -> Bool {
      for form in [key, "\"\(key)\"", "'\(key)'"] where line.hasPrefix(form) {
        let rest = line.dropFirst(form.count).drop { $0 == " " || $0 == "\t" }
        if let next = rest.first, next == "=" || next == "." { return true }
      }
      if line.hasPrefix("[") {
        let header = line.drop { $0 == "[" }.prefix { $0 != "]" }
        return header.split(separator: ".").contains { $0.trimmingCharacters(in: .whitespaces) == key }
      }
      return false
    }
    let trimmed = lines.map { Substring($0).drop { $0 == " " || $0 == "\t" } }
    if let index = trimmed.firstIndex(where: isKey) { return index + 1 }
    if let index = trimmed.firstIndex(where: { $0.contains(key) }) { return index + 1 }
    return 1
  }
}
