/// Where a fact came from: an evidence file and, when the reader knows them, a line and column.
///
/// Lines and columns are 1-based. A location without a line points at the whole file.
public struct SourceLocation: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
  /// The evidence file, relative to the scanned root when it is inside it.
  public var file: String
  /// 1-based line, when known.
  public var line: Int?
  /// 1-based column, when known.
  public var column: Int?
  /// Where in a structured file the value is, when lines alone do not say (a one-line HAR puts
  /// everything on line 1): `log.entries[3].response.headers[5]`.
  public var path: String?

  public init(file: String, line: Int? = nil, column: Int? = nil, path: String? = nil) {
    self.file = file
    self.line = line
    self.column = column
    self.path = path
  }

  /// `file:line` (or `file:line:column`), the form editors and CI annotations understand, with
  /// the structured path after it when there is one.
  public var description: String {
    var text = file
    if let line { text += ":\(line)" }
    if let line, let column, line > 0 { text += ":\(column)" }
    if let path { text += " (\(path))" }
    return text
  }

  public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
    if lhs.file != rhs.file { return lhs.file < rhs.file }
    if (lhs.line ?? 0) != (rhs.line ?? 0) { return (lhs.line ?? 0) < (rhs.line ?? 0) }
    return (lhs.column ?? 0) < (rhs.column ?? 0)
  }
}
