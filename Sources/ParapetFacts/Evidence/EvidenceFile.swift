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
  /// stray byte never shifts them), with every line ending turned into `\n`: Windows `\r\n` and
  /// old Mac `\r` files give the same lines as Unix ones. (Swift treats `\r\n` as one Character,
  /// so splitting on `"\n"` would otherwise see a CRLF file as a single line.)
  public var text: String {
    if let decodedText { return decodedText }
    let decoded: String
    if data.contains(0x0D) {
      var bytes: [UInt8] = []
      bytes.reserveCapacity(data.count)
      var previousCR = false
      for byte in data {
        if byte == 0x0D {
          bytes.append(0x0A)
          previousCR = true
          continue
        }
        if byte == 0x0A && previousCR {
          previousCR = false
          continue
        }
        previousCR = false
        bytes.append(byte)
      }
      decoded = String(decoding: bytes, as: UTF8.self)
    } else {
      decoded = String(decoding: data, as: UTF8.self)
    }
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
