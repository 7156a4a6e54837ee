import Crypto
import Foundation
import ParapetFacts

/// `hashlib.md5/sha1/sha256/sha384/sha512(data)` and `hashlib.new(name, data)`, with
/// `hexdigest()`: computed exactly, as CPython does (Tube Archivist's `SECRET_KEY =
/// hashlib.sha256(TA_PASSWORD.encode()).hexdigest()`, whose strength Django's W009 judges).
///
/// The hash object is `.opaque("hashlib.hash:<algorithm>:<hex digest>")`, digested when it is
/// made (nothing else is modelled that would change it); a `str` argument
/// raises TypeError ("Strings must be encoded before hashing"); `digest()` (binary), `update()`
/// and other algorithms are unknown.
extension PythonEvaluator {
  static let hashPrefix = "hashlib.hash:"
  static let hashAlgorithms: Set<String> = ["md5", "sha1", "sha256", "sha384", "sha512"]

  func hashlibCall(
    _ name: String, _ positional: [PythonValue], _ keywords: [(String, PythonValue)], at location: SourceLocation
  ) throws(PythonException) -> PythonValue? {
    guard name.hasPrefix("hashlib.") else { return nil }
    let function = String(name.dropFirst("hashlib.".count))
    var arguments = positional
    let algorithm: String
    if function == "new" {
      guard let first = arguments.first?.stringValue ?? keywords.first(where: { $0.0 == "name" })?.1.stringValue else {
        return .unknown("hashlib.new() of an algorithm that is not known", at: location)
      }
      algorithm = first.lowercased()
      arguments = Array(arguments.dropFirst())
    } else {
      guard Self.hashAlgorithms.contains(function) else { return nil }
      algorithm = function
    }
    guard Self.hashAlgorithms.contains(algorithm) else {
      return .unknown("hashlib \(algorithm), which Parapet does not model", at: location)
    }
    let argument = arguments.first ?? keywords.first(where: { $0.0 == "data" || $0.0 == "string" })?.1
    var bytes = ""
    if let argument {
      switch argument.kind {
      case .bytes(let text): bytes = text
      case .string:
        throw PythonException(type: "TypeError", message: "Strings must be encoded before hashing", location: location)
      default:
        return .unknown("a \(algorithm) hash of \(argument.isUnknown ? "a value that is not known" : argument.typeName)", at: location).merging([argument])
      }
    }
    let data = Data(bytes.utf8)
    let digest: [UInt8]
    switch algorithm {
    case "md5": digest = Array(Insecure.MD5.hash(data: data))
    case "sha1": digest = Array(Insecure.SHA1.hash(data: data))
    case "sha256": digest = Array(SHA256.hash(data: data))
    case "sha384": digest = Array(SHA384.hash(data: data))
    default: digest = Array(SHA512.hash(data: data))
    }
    let hex = digest.map { String(format: "%02x", $0) }.joined()
    return PythonValue(.opaque(Self.hashPrefix + algorithm + ":" + hex), uses: argument?.uses ?? [], at: location)
  }

  /// The methods of a hash object; its other attributes are data.
  static let hashMethods: Set<String> = ["hexdigest", "digest", "update", "copy"]

  /// A data attribute of a hash object of `type`, as CPython's hashlib gives it: `digest_size`
  /// and `block_size` in bytes, and `name`; any other attribute that is not a method is not
  /// known. Nil for a method (kpi compares `sha256().digest_size` with its hash column's length
  /// while its models load).
  func hashAttribute(_ type: String, _ name: String, at location: SourceLocation) -> PythonValue? {
    guard !Self.hashMethods.contains(name) else { return nil }
    let algorithm = String(type.dropFirst(Self.hashPrefix.count).prefix { $0 != ":" })
    let sizes: [String: (digest: Int, block: Int)] = [
      "md5": (16, 64), "sha1": (20, 64), "sha256": (32, 64), "sha384": (48, 128), "sha512": (64, 128),
    ]
    switch name {
    case "digest_size":
      if let size = sizes[algorithm] { return PythonValue(.integer(size.digest), at: location) }
    case "block_size":
      if let size = sizes[algorithm] { return PythonValue(.integer(size.block), at: location) }
    case "name":
      if sizes[algorithm] != nil { return PythonValue(.string(algorithm), at: location) }
    default:
      break
    }
    return .unknown("attribute \(name) of a hashlib hash, which Parapet does not model", at: location)
  }

  /// A method of a hash object: `hexdigest()` is the digest's hexadecimal text.
  func hashMethod(_ receiver: PythonValue, _ type: String, _ method: String, at location: SourceLocation) -> PythonValue {
    let parts = type.dropFirst(Self.hashPrefix.count).split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
    guard method == "hexdigest", parts.count == 2 else {
      return .unknown("\(method)() of a hashlib hash, which Parapet does not model", at: location).merging([receiver])
    }
    var text = PythonValue(.string(String(parts[1])), at: location)
    text.uses = receiver.uses
    return text
  }
}
