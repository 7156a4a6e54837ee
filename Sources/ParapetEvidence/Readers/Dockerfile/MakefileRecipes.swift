import ParapetFacts

/// The shell commands `make TARGET` runs, read from a Makefile of the build context, so that a
/// Dockerfile's `RUN make install` is read as the `pip install -e .` its recipe holds.
///
/// Only plain rules are read: `target: prerequisites` lines and the tab-indented recipe lines
/// under them (prerequisites run first, depth-first, each once). Variables are not expanded
/// (`$(MAKE) x` and `make x` in a recipe run that target's recipe); a line a POSIX shell split
/// cannot read is skipped. Conditionals, pattern rules and includes are not followed: their
/// commands are simply not seen, so nothing is installed by them.
enum MakefileRecipes {
  /// At most this many targets are expanded for one command (a Makefile is small).
  static let targetLimit = 64

  /// The commands of `words` when it runs make (`make`, `gmake`, `$(MAKE)`) with `makefile`'s
  /// text: the recipes of the named targets, or of the first target when none is named; nil
  /// when `words` is not a make command.
  static func commands(of words: [String], makefile: String) -> [[String]]? {
    guard let tool = words.first, ["make", "gmake", "$(MAKE)", "${MAKE}"].contains(tool.split(separator: "/").last.map(String.init) ?? tool)
    else { return nil }
    var targets: [String] = []
    var skipNext = false
    for word in words.dropFirst() {
      if skipNext { skipNext = false; continue }
      // Options that take a value; another folder's Makefile (`-C dir`, `-f file`) is not this one.
      if ["-C", "-f", "--directory", "--file", "--makefile"].contains(word) { return [] }
      if ["-j", "-l", "-o", "-W"].contains(word) { skipNext = true; continue }
      if word.hasPrefix("-") || word.contains("=") { continue }
      targets.append(word)
    }
    let rules = parse(makefile)
    if targets.isEmpty, let first = rules.order.first { targets = [first] }
    var done: Set<String> = []
    var result: [[String]] = []
    func run(_ target: String, depth: Int) {
      guard depth < 16, done.count < targetLimit, done.insert(target).inserted, let rule = rules.rules[target] else { return }
      for prerequisite in rule.prerequisites { run(prerequisite, depth: depth + 1) }
      for line in rule.recipe {
        // `$(MAKE)` is make itself; a shell would read `$(…)` as a command substitution.
        let plain = line.replacingOccurrences(of: "$(MAKE)", with: "make").replacingOccurrences(of: "${MAKE}", with: "make")
        for command in ShellWords.commands(plain) ?? [] {
          if let first = command.first, ["make", "gmake"].contains(first),
            !command.contains(where: { ["-C", "-f", "--directory", "--file"].contains($0) })
          {
            for name in command.dropFirst() where !name.hasPrefix("-") && !name.contains("=") { run(name, depth: depth + 1) }
          } else {
            result.append(command)
          }
        }
      }
    }
    for target in targets { run(target, depth: 0) }
    return result
  }

  /// A rule's prerequisites and recipe lines (`@`, `-` and `+` prefixes removed).
  struct Rule {
    var prerequisites: [String] = []
    var recipe: [String] = []
  }

  /// The explicit rules of a Makefile, and the targets in the order they first appear.
  static func parse(_ text: String) -> (rules: [String: Rule], order: [String]) {
    var rules: [String: Rule] = [:]
    var order: [String] = []
    var current: [String] = []
    var pending = ""
    for raw in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
      var line = raw.hasSuffix("\r") ? String(raw.dropLast()) : raw
      if line.hasPrefix("\t") {
        // A recipe line; a trailing backslash continues it on the next line.
        line = pending + String(line.dropFirst())
        if line.hasSuffix("\\") { pending = String(line.dropLast()) + " "; continue }
        pending = ""
        let command = String(line.drop { "@-+ ".contains($0) })
        for target in current where !command.isEmpty { rules[target, default: Rule()].recipe.append(command) }
        continue
      }
      pending = ""
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
      // `target …: prerequisites` (not `:=`/`::=` assignments, not `=` lines).
      guard let colon = trimmed.firstIndex(of: ":"), !trimmed[..<colon].contains("="),
        !trimmed[colon...].hasPrefix(":="), !trimmed[colon...].hasPrefix("::=")
      else {
        current = []
        continue
      }
      var rest = String(trimmed[trimmed.index(after: colon)...])
      if rest.hasPrefix(":") { rest.removeFirst() }
      if let comment = rest.firstIndex(of: "#") { rest = String(rest[..<comment]) }
      // `target: prereq ; command` holds a first recipe line.
      var inline: String?
      if let semicolon = rest.firstIndex(of: ";") {
        inline = String(rest[rest.index(after: semicolon)...]).trimmingCharacters(in: .whitespaces)
        rest = String(rest[..<semicolon])
      }
      let names = trimmed[..<colon].split(separator: " ").map(String.init).filter { !$0.hasPrefix(".") && !$0.contains("%") }
      let prerequisites = rest.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init).filter { !$0.hasPrefix("|") }
      current = names
      for name in names {
        if rules[name] == nil { order.append(name) }
        rules[name, default: Rule()].prerequisites += prerequisites
        if let inline, !inline.isEmpty { rules[name, default: Rule()].recipe.append(inline) }
      }
    }
    return (rules, order)
  }
}
