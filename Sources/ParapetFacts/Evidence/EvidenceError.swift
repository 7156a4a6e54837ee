import ParapetFacts

/// A problem with one evidence file: where it is and what was expected.
///
/// Readers throw these; the scan records them and goes on with the other files.
public struct EvidenceError: Error, Hashable, Sendable, CustomStringConvertible {
  public var location: SourceLocation
  /// What was expected, in one line: "expected ':' after object key".
  public var message: String
  /// The reader that failed (`har`, `dotenv`, …).
  public var reader: String

  public init(_ message: String, at location: SourceLocation, reader: String) {
    self.location = location
    self.message = message
    self.reader = reader
  }

  /// `file:line:column: message (reader)`, on one line.
  public var description: String {
    let oneLine = message.replacingControlCharacters()
    return "\(location): \(oneLine) [\(reader)]"
  }
}

extension String {
  /// Replaces newlines and other control characters so a message stays on one line and
  /// cannot carry terminal escapes.
  public func replacingControlCharacters() -> String {
    var out = ""
    for scalar in unicodeScalars {
      if scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value) {
        out += scalar == "\n" || scalar == "\t" ? " " : "?"
      } else {
        out.unicodeScalars.append(scalar)
      }
    }
    return out
  }
}

/// Several problems in one file that did not stop the reader: what it could read is kept.
public struct EvidenceErrors: Error, Sendable {
  public var errors: [EvidenceError]
  public init(_ errors: [EvidenceError]) { self.errors = errors }
}
