import ParapetFacts

/// `packaging.version`: `parse(text)` and `Version(text)` give a version object, compared and
/// read as packaging 22+ does, through the project's one PEP 440 implementation
/// (`PEP440Version`). NetBox's plugin loop checks each plugin's `min_version` against its own
/// release with them while the settings import.
///
/// The object is `.opaque("packaging.version:<normalized text>")`: `str()` gives the normalized
/// text, `==`/`!=`/`<`/`<=`/`>`/`>=` between two versions follow PEP 440 (`1.0 == 1.0.0`), `==`
/// with anything else is False and an ordering with anything else raises TypeError. Invalid
/// text raises InvalidVersion (a ValueError) from `Version()`; `parse()` does too from packaging
/// 22 on, while older releases returned a LegacyVersion, so there it is a possible raise.
extension PythonEvaluator {
  static let packagingVersionPrefix = "packaging.version:"

  static let packagingVersionConstructors: Set<String> = [
    "packaging.version.parse", "packaging.version.Version",
  ]

  func packagingVersionCall(
    _ name: String, _ positional: [PythonValue], _ keywords: [(String, PythonValue)], at location: SourceLocation
  ) throws(PythonException) -> PythonValue? {
    guard Self.packagingVersionConstructors.contains(name) else { return nil }
    guard let text = positional.first ?? keywords.first(where: { $0.0 == "version" })?.1 else {
      throw PythonException(type: "TypeError", message: "\(name)() missing 1 required positional argument: 'version'", location: location)
    }
    guard let string = text.stringValue else {
      if text.isPlain {
        throw PythonException(type: "TypeError", message: "\(name)(): expected string or bytes-like object, got '\(text.typeName)'", location: location)
      }
      return .unknown("\(name)() of \(text.isUnknown ? "a value that is not known" : text.typeName)", at: location).merging([text])
    }
    guard let version = PEP440Version(string) else {
      let message = "Invalid version: '\(string)'"
      if name.hasSuffix(".Version") {
        throw PythonException(type: "packaging.version.InvalidVersion", message: message, location: location, uses: text.uses)
      }
      let reason = "packaging.version.parse() of '\(string)', which is not a PEP 440 version: packaging 22 and later raise InvalidVersion, older releases return a LegacyVersion"
      notePossibleRaise(
        SkippedRaise(type: "packaging.version.InvalidVersion", location: location, message: reason), because: reason, at: location)
      return .unknown(reason, at: location).merging([text])
    }
    return PythonValue(.opaque(Self.packagingVersionPrefix + version.normalized), uses: text.uses, at: location)
  }

  /// The version a value holds, when it is a packaging version object.
  static func packagingVersion(_ value: PythonValue) -> PEP440Version? {
    guard case .opaque(let type) = value.kind, type.hasPrefix(packagingVersionPrefix) else { return nil }
    return PEP440Version(String(type.dropFirst(packagingVersionPrefix.count)))
  }

  /// A comparison with a packaging version on either side; nil when neither side is one.
  func packagingVersionCompare(_ op: String, _ left: PythonValue, _ right: PythonValue, at location: SourceLocation)
    throws(PythonException) -> PythonValue?
  {
    let a = Self.packagingVersion(left)
    let b = Self.packagingVersion(right)
    guard a != nil || b != nil, ["==", "!=", "<", "<=", ">", ">="].contains(op) else { return nil }
    guard let a, let b else {
      if left.isUnknown || right.isUnknown {
        return .unknown("\(op) of a version and a value that is not known", at: location).merging([left, right])
      }
      // Version.__eq__ returns NotImplemented for other types: == is False, an ordering raises.
      if op == "==" || op == "!=" { return PythonValue(.bool(op == "!="), at: location).merging([left, right]) }
      throw PythonException(
        type: "TypeError", message: "'\(op)' not supported between instances of '\(left.typeName)' and '\(right.typeName)'",
        location: location)
    }
    let order = PEP440Version.compare(a, b)
    let flag: Bool
    switch op {
    case "==": flag = order == 0
    case "!=": flag = order != 0
    case "<": flag = order < 0
    case "<=": flag = order <= 0
    case ">": flag = order > 0
    default: flag = order >= 0
    }
    return PythonValue(.bool(flag), at: location).merging([left, right])
  }

  /// `version.major`, `.release`, `.is_prerelease`, …: nil for other values and names.
  func packagingVersionAttribute(_ base: PythonValue, _ name: String, at location: SourceLocation) -> PythonValue? {
    guard let version = Self.packagingVersion(base) else { return nil }
    func integer(_ number: Int) -> PythonValue { PythonValue(.integer(number), at: location) }
    func optional(_ number: Int?) -> PythonValue { number.map(integer) ?? PythonValue(.none, at: location) }
    func text(_ string: String) -> PythonValue { PythonValue(.string(string), at: location) }
    let release = version.release
    switch name {
    case "major": return integer(release.first ?? 0)
    case "minor": return integer(release.count > 1 ? release[1] : 0)
    case "micro": return integer(release.count > 2 ? release[2] : 0)
    case "release": return PythonValue(.tuple(release.map(integer)), at: location)
    case "epoch": return integer(version.epoch)
    case "pre":
      guard let pre = version.pre else { return PythonValue(.none, at: location) }
      return PythonValue(.tuple([text(pre.0), integer(pre.1)]), at: location)
    case "post": return optional(version.post)
    case "dev": return optional(version.dev)
    case "local": return version.local.map(text) ?? PythonValue(.none, at: location)
    case "is_prerelease": return PythonValue(.bool(version.isPrerelease), at: location)
    case "is_devrelease": return PythonValue(.bool(version.dev != nil), at: location)
    case "is_postrelease": return PythonValue(.bool(version.post != nil), at: location)
    case "public":
      let normalized = version.normalized
      return text(normalized.split(separator: "+", maxSplits: 1).first.map(String.init) ?? normalized)
    case "base_version":
      return text((version.epoch != 0 ? "\(version.epoch)!" : "") + release.map(String.init).joined(separator: "."))
    default: return nil
    }
  }

  /// `str(version)`: the normalized text.
  static func packagingVersionText(_ value: PythonValue) -> String? {
    guard case .opaque(let type) = value.kind, type.hasPrefix(packagingVersionPrefix) else { return nil }
    return String(type.dropFirst(packagingVersionPrefix.count))
  }
}
