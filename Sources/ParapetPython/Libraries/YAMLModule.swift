import Foundation
import OrderedCollections
import ParapetFacts
import Yams

/// PyYAML's `yaml.safe_load` / `yaml.load` / `yaml.full_load` of a file or text Parapet can
/// read: mappings, sequences and YAML 1.1 scalars as PyYAML resolves them (`yes`/`on`/`True` are
/// booleans, `0755` is octal, `1e3` is a string), each value located at its own line.
extension PythonEvaluator {
  /// Nodes after alias expansion, per input byte (a file of nested aliases expands without end).
  static let yamlNodesPerByte = 16

  /// The call's value, or nil for other names.
  func yamlCall(_ name: String, _ positional: [PythonValue], _ keywords: [(String, PythonValue)], at location: SourceLocation) throws(PythonException) -> PythonValue? {
    guard ["yaml.safe_load", "yaml.load", "yaml.full_load", "yaml.unsafe_load"].contains(name) else { return nil }
    guard let argument = positional.first ?? keywords.first(where: { $0.0 == "stream" })?.1 else { return .unknown("\(name)()", at: location) }
    // PyYAML 6 requires the Loader of yaml.load(); the loaders read plain configuration alike.
    if name == "yaml.load" && positional.count < 2 && !keywords.contains(where: { $0.0 == "Loader" }) {
      return .unknown("yaml.load() without a Loader (a TypeError from PyYAML 6 on)", at: location)
    }
    var text = argument
    if case .opaque(let type) = argument.kind, Self.fileObject(type) != nil {
      text = try fileMethod(argument, type, "file.read", [], at: location)
    }
    if text.isUnknown { return text }
    guard let content = text.stringValue ?? { if case .bytes(let raw) = text.kind { return raw } else { return nil } }() else {
      return .unknown("\(name)() of a stream Parapet cannot read", at: location).merging([argument])
    }
    let file = text.location?.file ?? location.file
    var documents: [Node] = []
    var source = content
    do {
      // PyYAML accepts a repeated key: the value is the last one's, at the first one's place.
      // Parapet's parser refuses such a document, so each earlier occurrence is renamed and
      // read back as the key it was (tournesol's settings file repeats EMAIL_BACKEND).
      for renamed in 0...Self.yamlShadowedKeysLimit {
        do {
          let parser = try Parser(yaml: source)
          var found: [Node] = []
          while let node = try parser.nextRoot() {
            found.append(node)
            if found.count > 1 { break }
          }
          documents = found
          break
        } catch YamlError.duplicatedKeysInMapping(let duplicates, let context) {
          guard renamed < Self.yamlShadowedKeysLimit, let next = Self.renamingKey(in: source, at: context.mark, index: renamed) else {
            return .unknown(
              "\(name)() of \(file), whose mapping repeats the key \(duplicates.first ?? "?") where Parapet cannot rename it",
              at: location
            ).merging([text])
          }
          source = next
        }
      }
    } catch {
      throw PythonException(type: "yaml.YAMLError", message: "\(error)".split(separator: "\n").first.map(String.init) ?? "invalid YAML", location: location)
    }
    if documents.count > 1 {
      throw PythonException(type: "yaml.composer.ComposerError", message: "expected a single document in the stream", location: location)
    }
    guard let root = documents.first else { return PythonValue(.none, at: SourceLocation(file: file, line: 1)).merging([text]) }
    var budget = max(100_000, content.utf8.count * Self.yamlNodesPerByte)
    var value = try yamlValue(root, file: file, depth: 0, budget: &budget, safe: Self.isSafeYAMLLoad(name, positional, keywords), at: location)
    value = value.merging([text])
    if text.fromSecretVariable { value.fromSecretVariable = true }
    return value
  }

  /// The tags PyYAML's SafeConstructor builds (yaml/constructor.py).
  static let safeYAMLTags: Set<String> = Set(
    ["null", "bool", "int", "float", "binary", "timestamp", "omap", "pairs", "set", "str", "seq", "map", "merge", "value"]
      .map { "tag:yaml.org,2002:" + $0 })

  /// `yaml.safe_load`, or `yaml.load` with `Loader=yaml.SafeLoader` (or its C twin).
  static func isSafeYAMLLoad(_ name: String, _ positional: [PythonValue], _ keywords: [(String, PythonValue)]) -> Bool {
    if name == "yaml.safe_load" { return true }
    guard name == "yaml.load", let loader = positional.dropFirst().first ?? keywords.first(where: { $0.0 == "Loader" })?.1 else { return false }
    switch loader.kind {
    case .builtin(let qualified, _), .opaque(let qualified): return qualified == "yaml.SafeLoader" || qualified == "yaml.CSafeLoader"
    case .module(let module): return module.name == "yaml.SafeLoader" || module.name == "yaml.CSafeLoader"
    default: return false
    }
  }

  /// At most this many repeated keys are renamed in one document.
  static let yamlShadowedKeysLimit = 64
  static let yamlShadowedPrefix = "__parapet_shadowed_"

  /// `text` with the key at `mark` (1-based line and column, as the parser reports the first
  /// occurrence of a repeated key) renamed to a key no document uses; nil where the key cannot
  /// be renamed in place (an explicit `? key`, a position outside the text).
  static func renamingKey(in text: String, at mark: Mark, index: Int) -> String? {
    var line = 1
    var column = 1
    var scalars = Array(text.unicodeScalars)
    var position = 0
    while position < scalars.count, line < mark.line || (line == mark.line && column < mark.column) {
      let scalar = scalars[position]
      if scalar == "\r" && position + 1 < scalars.count && scalars[position + 1] == "\n" { position += 1 }
      if scalar == "\n" || scalar == "\r" {
        line += 1
        column = 1
      } else {
        column += 1
      }
      position += 1
    }
    guard line == mark.line, column == mark.column, position < scalars.count, scalars[position] != "?" else { return nil }
    if scalars[position] == "\"" || scalars[position] == "'" { position += 1 }
    let tag = yamlShadowedPrefix + String(index) + "__"
    scalars.insert(contentsOf: tag.unicodeScalars, at: position)
    var out = String.UnicodeScalarView()
    out.append(contentsOf: scalars)
    return String(out)
  }

  /// The key a renamed occurrence stood for, or nil for any other key.
  static func shadowedKey(_ text: String) -> String? {
    guard text.hasPrefix(yamlShadowedPrefix) else { return nil }
    let rest = text.dropFirst(yamlShadowedPrefix.count)
    guard let end = rest.range(of: "__"), rest[..<end.lowerBound].allSatisfy(\.isNumber) else { return nil }
    return String(rest[end.upperBound...])
  }

  /// The Python value PyYAML constructs from `node`; `call` is where the load is called (its
  /// ConstructorError is raised there).
  private func yamlValue(_ node: Node, file: String, depth: Int, budget: inout Int, safe: Bool, at call: SourceLocation) throws(PythonException) -> PythonValue {
    let location = SourceLocation(file: file, line: node.mark.map { $0.line } ?? 1)
    let tooLarge = PythonValue.unknown("a YAML document too large or too deep to follow", at: location)
    budget -= 1
    guard budget > 0, depth < 200 else { return tooLarge }
    let explicitTag = node.tag.rawValue
    if safe, explicitTag != Tag.implicit.rawValue, !Self.safeYAMLTags.contains(explicitTag) {
      // SafeLoader constructs only YAML's own types: a `!!python/tuple` or an application tag
      // stops the whole load (mapit's bare `except:` then falls back to an empty config).
      throw PythonException(
        type: "yaml.constructor.ConstructorError",
        message: "could not determine a constructor for the tag '\(explicitTag)' (\(file), line \(location.line ?? 1))", location: call)
    }
    switch node {
    case .scalar(let scalar):
      if scalar.style != .plain { return PythonValue(.string(scalar.string), at: location) }
      let tag = node.tag.rawValue
      if tag != Tag.implicit.rawValue && !tag.hasPrefix("tag:yaml.org,2002:") {
        return .unknown("a YAML value tagged \(tag)", at: location)
      }
      return Self.yamlScalar(scalar.string, at: location)
    case .sequence(let sequence):
      // `!!omap`, `!!pairs`, `!!set` and application tags build other objects, or raise.
      guard node.tag.rawValue == Tag.Name.seq.rawValue else { return .unknown("a YAML value tagged \(node.tag.rawValue)", at: location) }
      var items: [PythonValue] = []
      for item in sequence { items.append(try yamlValue(item, file: file, depth: depth + 1, budget: &budget, safe: safe, at: call)) }
      return PythonValue(.list(PythonList(items)), at: location)
    case .mapping(let mapping):
      guard node.tag.rawValue == Tag.Name.map.rawValue else { return .unknown("a YAML value tagged \(node.tag.rawValue)", at: location) }
      let pairs: [(key: Node, value: Node)]
      do throws(YAMLMergeKeys.Failure) {
        pairs = try YAMLMergeKeys.pairs(of: mapping, limit: budget, isMergeKey: Self.isYAMLMergeKey)
      } catch .notMergeable(let message, let line, let column) {
        let place = line.map { " (\(file), line \($0), column \(column ?? 1))" } ?? ""
        throw PythonException(
          type: "yaml.constructor.ConstructorError", message: "while constructing a mapping: \(message)\(place)", location: call)
      } catch {
        return tooLarge
      }
      budget -= pairs.count - mapping.count
      let dict = PythonDict()
      // Assigned in order: a later pair replaces the value and the key keeps its first place,
      // as PyYAML fills a dict (YAMLMergeKeys orders the merged pairs for that).
      for (keyNode, valueNode) in pairs {
        var key = try yamlValue(keyNode, file: file, depth: depth + 1, budget: &budget, safe: safe, at: call)
        if case .scalar(let scalar) = keyNode, let original = Self.shadowedKey(scalar.string) {
          // An earlier occurrence of a repeated key: the key it was, as PyYAML resolves it.
          key = scalar.style == .plain ? Self.yamlScalar(original, at: key.location ?? location) : PythonValue(.string(original), at: location)
        }
        guard let hashed = key.key else { return .unknown("a YAML mapping with a key Parapet cannot use", at: location) }
        let value = try yamlValue(valueNode, file: file, depth: depth + 1, budget: &budget, safe: safe, at: call)
        if let existing = dict.entries[hashed] {
          dict.entries[hashed] = (existing.key, value)
        } else {
          dict.entries[hashed] = (key, value)
        }
      }
      return PythonValue(.dict(dict), at: location)
    case .alias:
      return .unknown("a YAML alias", at: location)
    }
  }

  /// A merge key, or an earlier occurrence of a repeated merge key renamed before parsing
  /// (PyYAML applies every `<<` of a mapping, in order).
  static func isYAMLMergeKey(_ key: Node) -> Bool {
    if YAMLMergeKeys.isMergeKey(key) { return true }
    guard case .scalar(let scalar) = key, scalar.style == .plain else { return false }
    return shadowedKey(scalar.string) == "<<"
  }

  /// A plain scalar as PyYAML's resolver types it (YAML 1.1).
  static func yamlScalar(_ text: String, at location: SourceLocation) -> PythonValue {
    func value(_ kind: PythonValue.Kind) -> PythonValue { PythonValue(kind, at: location) }
    if ["", "~", "null", "Null", "NULL"].contains(text) { return value(.none) }
    if ["yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"].contains(text) { return value(.bool(true)) }
    if ["no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"].contains(text) { return value(.bool(false)) }
    if text.wholeMatch(of: /[-+]?(?:0b[0-1_]+|0[0-7_]+|0|[1-9][0-9_]*|0x[0-9a-fA-F_]+)/) != nil {
      var digits = text.replacingOccurrences(of: "_", with: "")
      var sign = 1
      if let first = digits.first, first == "-" || first == "+" {
        if first == "-" { sign = -1 }
        digits.removeFirst()
      }
      let parsed: Int?
      if digits.hasPrefix("0b") { parsed = Int(digits.dropFirst(2), radix: 2) }
      else if digits.hasPrefix("0x") { parsed = Int(digits.dropFirst(2), radix: 16) }
      else if digits.count > 1 && digits.hasPrefix("0") { parsed = Int(digits.dropFirst(), radix: 8) }
      else { parsed = Int(digits) }
      guard let parsed else { return .unknown("a YAML integer too large for Parapet", at: location) }
      return value(.integer(sign * parsed))
    }
    if text.wholeMatch(of: /[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+/) != nil || text.wholeMatch(of: /[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*/) != nil {
      return .unknown("a YAML sexagesimal number", at: location)
    }
    if text.wholeMatch(of: /[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?/) != nil {
      guard let number = Double(text.replacingOccurrences(of: "_", with: "")) else { return .unknown("a YAML float", at: location) }
      return value(.float(number))
    }
    if text.wholeMatch(of: /[-+]?\.(?:inf|Inf|INF)/) != nil { return value(.float(text.hasPrefix("-") ? -.infinity : .infinity)) }
    if text.wholeMatch(of: /\.(?:nan|NaN|NAN)/) != nil { return value(.float(.nan)) }
    if text.wholeMatch(of: /[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}.*/) != nil {
      return .unknown("a YAML timestamp (a datetime in Python)", at: location)
    }
    return value(.string(text))
  }
}
