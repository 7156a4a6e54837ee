import Foundation
import ParapetFacts

/// CPython 3.12's `base64.b64decode`/`standard_b64decode`/`urlsafe_b64decode` and
/// `b64encode`/`standard_b64encode`/`urlsafe_b64encode` (Lib/base64.py over
/// `Binascii.a2bBase64`): a configuration passed base64-encoded in a variable (zentral's
/// `B64GZIP_ZENTRAL_CONF`, base64 of gzip of JSON) decodes to its bytes, or to the exception
/// CPython raises. Decoded bytes that are not UTF-8 are `.binary`.
extension PythonEvaluator {
  /// The call's value, or nil for other names.
  func base64Call(
    _ name: String, _ positional: [PythonValue], _ keywords: [(String, PythonValue)], at location: SourceLocation
  ) throws(PythonException) -> PythonValue? {
    let decoders = ["base64.b64decode", "base64.standard_b64decode", "base64.urlsafe_b64decode"]
    let encoders = ["base64.b64encode", "base64.standard_b64encode", "base64.urlsafe_b64encode"]
    guard decoders.contains(name) || encoders.contains(name) else { return nil }
    let sources = positional + keywords.map(\.1)
    func argument(_ position: Int, _ keyword: String) -> PythonValue? {
      position < positional.count ? positional[position] : keywords.first { $0.0 == keyword }?.1
    }
    // Only b64encode/b64decode take altchars (and b64decode validate); the others take `s`.
    let parameters = name == "base64.b64decode" ? ["s", "altchars", "validate"] : name == "base64.b64encode" ? ["s", "altchars"] : ["s"]
    guard positional.count <= parameters.count, keywords.allSatisfy({ parameters.contains($0.0) }), let data = argument(0, "s") else {
      return .unknown("\(name)() with arguments Parapet does not model", at: location).merging(sources)
    }
    var altchars: [UInt8]?
    if let given = argument(1, "altchars"), parameters.count > 1, given.typeName != "NoneType" {
      guard let bytes = name.hasSuffix("decode") ? try Self.bytesFromDecodeData(given, at: location) : given.byteValues else {
        return .unknown("\(name)() with altchars Parapet does not model", at: location).merging(sources)
      }
      // Lib/base64.py asserts the length: an AssertionError whose message is the repr.
      guard bytes.count == 2 else { throw PythonException(type: "AssertionError", message: PythonValue.bytesRepr(bytes), location: location) }
      altchars = bytes
    }
    func value(_ bytes: [UInt8]) -> PythonValue { PythonValue.bytes(bytes, at: location).merging(sources) }
    if encoders.contains(name) {
      // binascii.b2a_base64 takes bytes-like objects only.
      guard let bytes = data.byteValues else {
        if data.stringValue != nil {
          throw PythonException(type: "TypeError", message: "a bytes-like object is required, not 'str'", location: location)
        }
        return .unknown("\(name)() of \(data.typeName)", at: location).merging(sources)
      }
      var encoded = Array(Data(bytes).base64EncodedString().utf8)
      if name == "base64.urlsafe_b64encode" { altchars = Array("-_".utf8) }
      if let altchars { encoded = Self.translate(encoded, from: Array("+/".utf8), to: altchars) }
      return value(encoded)
    }
    guard var bytes = try Self.bytesFromDecodeData(data, at: location) else {
      return .unknown("\(name)() of \(data.typeName)", at: location).merging(sources)
    }
    if name == "base64.urlsafe_b64decode" { altchars = Array("-_".utf8) }
    if let altchars { bytes = Self.translate(bytes, from: altchars, to: Array("+/".utf8)) }
    var strict = false
    if let validate = argument(2, "validate"), name == "base64.b64decode" {
      guard let flag = validate.truthiness else { return .unknown("\(name)() with validate not known", at: location).merging(sources) }
      strict = flag
    }
    do throws(Binascii.Failure) {
      return value(try Binascii.a2bBase64(bytes, strict: strict))
    } catch {
      throw PythonException(type: "binascii.Error", message: error.message, location: location)
    }
  }

  /// Lib/base64.py's `_bytes_from_decode_data`: an ASCII str or bytes; a str with other
  /// characters raises ValueError, a value of another known type TypeError; nil when not known.
  static func bytesFromDecodeData(_ value: PythonValue, at location: SourceLocation) throws(PythonException) -> [UInt8]? {
    if let text = value.stringValue {
      guard text.unicodeScalars.allSatisfy(\.isASCII) else {
        throw PythonException(type: "ValueError", message: "string argument should contain only ASCII characters", location: location)
      }
      return Array(text.utf8)
    }
    if let bytes = value.byteValues { return bytes }
    switch value.kind {
    case .none, .bool, .integer, .float, .list, .tuple, .set, .dict, .path:
      throw PythonException(
        type: "TypeError", message: "argument should be a bytes-like object or ASCII string, not '\(value.typeName)'", location: location)
    default:
      return nil
    }
  }

  /// `bytes.translate(bytes.maketrans(from, to))`.
  static func translate(_ bytes: [UInt8], from: [UInt8], to: [UInt8]) -> [UInt8] {
    var table = Array(0...UInt8.max)
    for (source, target) in zip(from, to) { table[Int(source)] = target }
    return bytes.map { table[Int($0)] }
  }
}
