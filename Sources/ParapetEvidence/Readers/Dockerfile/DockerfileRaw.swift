import Foundation
import OrderedCollections
import ParapetFacts

/// The raw layer of a Dockerfile: every instruction as written, in order, with its flags, its
/// words and the stage it belongs to, and the build stages (docs/facts/dockerfile.md).
///
/// Built from the reader's one parse. Words come from the project's one shell-words splitter
/// (`ShellWords`, with the file's escape character) or from the JSON array of the exec form.
/// Values of secret-looking `ENV`/`ARG`/`LABEL` assignments are masked in `arguments` and
/// `words` and kept as `secret` facts in `assignments`.
enum DockerfileRaw {
  typealias Parsed = (
    instructions: [DockerfileParser.Instruction], escape: Character, problems: [DockerfileParser.Problem],
    directives: [(name: String, value: String, line: Int)]
  )

  /// Instructions whose arguments are a command: exec form (a JSON array) or shell form.
  static let commandInstructions: Set<String> = ["RUN", "CMD", "ENTRYPOINT", "SHELL"]
  /// Instructions that also accept a JSON array of paths.
  static let jsonInstructions: Set<String> = ["COPY", "ADD", "VOLUME"]
  /// Instructions made of `NAME=value` assignments.
  static let assignmentInstructions: Set<String> = ["ENV", "ARG", "LABEL"]

  /// `{ format = "dockerfile", directives, instructions, stages }`.
  static func fact(_ parsed: Parsed, file: EvidenceFile) -> Fact {
    let top = file.at(line: 1, column: 1)
    var directives: OrderedDictionary<String, Fact> = [:]
    for directive in parsed.directives {
      directives[directive.name] = .string(directive.value, at: file.at(line: directive.line, column: 1))
    }
    var instructions: [Fact] = []
    var stages: [Fact] = []
    instructions.reserveCapacity(parsed.instructions.count)
    for instruction in parsed.instructions {
      let at = file.at(line: instruction.line, column: instruction.column)
      if instruction.keyword == "FROM" {
        stages.append(stageFact(instruction, index: stages.count + 1, at: at))
      }
      instructions.append(instructionFact(instruction, stage: stages.isEmpty ? nil : stages.count, escape: parsed.escape, at: at))
    }
    return .map(
      [
        "format": .string("dockerfile", at: top),
        "directives": .map(directives, at: top),
        "instructions": .list(instructions, at: top),
        "stages": .list(stages, at: top),
      ], at: top)
  }

  /// `{ index, name, base, line }` of the stage a `FROM` starts (1-based index: Docker's own
  /// `--from=0` is `index` 1).
  static func stageFact(_ instruction: DockerfileParser.Instruction, index: Int, at: SourceLocation) -> Fact {
    let words = instruction.arguments.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
    var map: OrderedDictionary<String, Fact> = [:]
    map["index"] = .integer(index, at: at)
    map["name"] = words.count >= 3 && words[1].lowercased() == "as" ? .string(words[2], at: at) : .null(at: at)
    map["base"] = words.first.map { .string($0, at: at) } ?? .null(at: at)
    map["line"] = .integer(instruction.line, at: at)
    return .map(map, at: at)
  }

  static func instructionFact(
    _ instruction: DockerfileParser.Instruction, stage: Int?, escape: Character, at: SourceLocation
  ) -> Fact {
    var map: OrderedDictionary<String, Fact> = [:]
    map["instruction"] = .string(instruction.keyword, at: at)
    var arguments = instruction.arguments
    var words: Fact
    let exec = commandInstructions.contains(instruction.keyword) || jsonInstructions.contains(instruction.keyword)
      ? instruction.exec : nil
    if let exec {
      words = .list(exec.map { .string($0, at: at) }, at: at)
    } else if let split = ShellWords.words(instruction.arguments, escape: escape) {
      words = .list(split.map { .string($0, at: at) }, at: at)
    } else {
      words = .unknown(
        "not split into words: the text uses command substitution, a subshell or an unclosed quote", at: at)
    }
    var assignmentList: Fact?
    if assignmentInstructions.contains(instruction.keyword), exec == nil {
      let assigned = assignments(instruction, at: at)
      assignmentList = .list(assigned.facts, at: at)
      if !assigned.secretNames.isEmpty {
        // The secret values never enter the tree as text: masked in the text and the words.
        arguments = masked(instruction.arguments, secretNames: assigned.secretNames, legacy: assigned.legacy)
        words = .list(
          (ShellWords.words(arguments, escape: escape) ?? []).map { .string($0, at: at) }, at: at)
      }
    }
    map["arguments"] = .string(arguments, at: at)
    map["words"] = words
    if let assignmentList { map["assignments"] = assignmentList }
    var flags: OrderedDictionary<String, Fact> = [:]
    for flag in instruction.flagList {
      let value: Fact = flag.value.map { .string($0, at: at) } ?? .bool(true, at: at)
      if let existing = flags[flag.name] {
        // A repeated flag (`--mount` twice) is the list of its values in order.
        if case .list(let items) = existing.value {
          flags[flag.name] = .list(items + [value], at: at)
        } else {
          flags[flag.name] = .list([existing, value], at: at)
        }
      } else {
        flags[flag.name] = value
      }
    }
    map["flags"] = .map(flags, at: at)
    if commandInstructions.contains(instruction.keyword) {
      map["form"] = .string(instruction.exec == nil ? "shell" : "exec", at: at)
    } else {
      map["form"] = .null(at: at)
    }
    map["heredocs"] = .list(
      instruction.heredocs.map { heredoc in
        let bodyAt = SourceLocation(file: at.file, line: heredoc.line, column: 1)
        return .map(
          ["marker": .string(heredoc.marker, at: at), "body": .string(heredoc.body, at: bodyAt),
           "line": .integer(heredoc.line, at: bodyAt)], at: bodyAt)
      }, at: at)
    map["stage"] = stage.map { .integer($0, at: at) } ?? .null(at: at)
    map["line"] = .integer(instruction.line, at: at)
    map["end_line"] = .integer(instruction.endLine, at: at)
    return .map(map, at: at)
  }

  /// The `NAME=value` pairs of an `ENV`/`ARG`/`LABEL` (quotes removed; the legacy
  /// `ENV NAME value` form too), each value a `secret` when its name or text looks secret, and
  /// the names whose values must be masked in the text.
  static func assignments(
    _ instruction: DockerfileParser.Instruction, at: SourceLocation
  ) -> (facts: [Fact], secretNames: Set<String>, legacy: Bool) {
    let pairs = DockerfileReader.assignments(instruction.arguments, legacy: instruction.keyword == "ENV")
    var facts: [Fact] = []
    var secretNames: Set<String> = []
    for (name, value) in pairs {
      let valueFact: Fact = value.map { SecretDetector.fact(name: name, value: $0, at: at) } ?? .null(at: at)
      if case .secret = valueFact.value { secretNames.insert(name) }
      facts.append(.map(["name": .string(name, at: at), "value": valueFact], at: at))
    }
    let legacy = instruction.keyword == "ENV" && pairs.count == 1
      && !(DockerfileReader.splitWords(instruction.arguments).first ?? "").contains("=")
    return (facts, secretNames, legacy)
  }

  /// `text` with the values of `secretNames` replaced by the mask, in one pass over its words
  /// (quotes kept as written). In the legacy form the whole text after the name is the value.
  static func masked(_ text: String, secretNames: Set<String>, legacy: Bool) -> String {
    let rawWords = DockerfileReader.splitWords(text)
    if legacy, let name = rawWords.first {
      return name + " " + SecretDetector.mask
    }
    var out = ""
    var rest = Substring(text)
    for word in rawWords {
      guard let range = rest.range(of: word) else { continue }
      out += rest[..<range.lowerBound]
      if let equals = word.firstIndex(of: "="), secretNames.contains(String(word[..<equals])) {
        out += word[...equals] + SecretDetector.mask
      } else {
        out += word
      }
      rest = rest[range.upperBound...]
    }
    return out + rest
  }
}
