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
  /// The text on one line with every control, bidi, zero-width and line-separator character
  /// neutralized (`OutputNeutralizer.line`), so a message cannot carry terminal escapes or
  /// start a line of its own.
  public func replacingControlCharacters() -> String {
    OutputNeutralizer.line(self)
  }
}

/// Several problems in one file that did not stop the reader: what it could read is kept.
public struct EvidenceErrors: Error, Sendable {
  public var errors: [EvidenceError]
  public init(_ errors: [EvidenceError]) { self.errors = errors }
}
