import Foundation
import ParapetFacts

/// One file of evidence, read once and shared by every reader that looks at it.
public final class EvidenceFile: @unchecked Sendable {
  /// Path relative to the scanned root (or as given on the command line for single files).
  public let path: String
  /// Where the bytes are on disk.
  public let url: URL
  /// The raw bytes.
  public let data: Data

  private var decodedText: String?

  public init(path: String, url: URL, data: Data) {
    self.path = path
    self.url = url
    self.data = data
  }

  /// The file name without folders.
  public var name: String { (path as NSString).lastPathComponent }

  /// The contents as UTF-8, invalid sequences replaced (readers report positions in lines, so a
  /// stray byte never shifts them).
  public var text: String {
    if let decodedText { return decodedText }
    let decoded = String(decoding: data, as: UTF8.self)
    decodedText = decoded
    return decoded
  }

  /// A location in this file.
  public func at(line: Int? = nil, column: Int? = nil) -> SourceLocation {
    SourceLocation(file: path, line: line, column: column)
  }

  /// An error in this file for `reader`.
  public func error(_ message: String, line: Int? = nil, column: Int? = nil, reader: String)
    -> EvidenceError
  {
    EvidenceError(message, at: at(line: line, column: column), reader: reader)
  }
}
