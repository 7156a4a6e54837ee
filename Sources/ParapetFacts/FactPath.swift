/// A path into a fact tree, as `parapet facts --path` takes it: dotted segments
/// (`django.settings.DEBUG`), and brackets for keys that hold dots or slashes and for list
/// positions (`raw.kubernetes["deploy/app.yaml"].documents[1].kind`, `['…']`, `[3]`).
///
/// Positions are 1-based, as in Lua. A plain segment on a list is a position when it is a
/// number (`documents.1`, as `Fact.lookup` reads it); a bracketed number on a map is the key
/// with that text (YAML keys such as `80:`); a quoted key is always a map key.
public struct FactPath: Sendable, Equatable {
  /// One step of a path.
  public enum Segment: Sendable, Equatable {
    /// A dotted segment: a map key, or a 1-based position on a list when it is a number.
    case name(String)
    /// `["…"]` or `['…']`: a map key, whatever characters it holds.
    case quoted(String)
    /// `[3]`: a 1-based list position (on a map, the key `"3"`).
    case position(Int)
  }

  /// What is wrong with a path, with the character (1-based) where it went wrong.
  public struct SyntaxError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var offset: Int
    public var expected: String
    public var description: String {
      "malformed path '\(path)' at character \(offset): expected \(expected)"
    }
  }

  public var segments: [Segment]

  public init(segments: [Segment]) {
    self.segments = segments
  }

  /// Parses `text`; a malformed path throws a `SyntaxError` naming the position.
  public init(parsing text: String) throws(SyntaxError) {
    let characters = Array(text)
    var index = 0
    var segments: [Segment] = []
    func fail(_ expected: String) -> SyntaxError {
      SyntaxError(path: text, offset: index + 1, expected: expected)
    }
    guard !characters.isEmpty else { throw fail("a path such as django.settings") }
    while index < characters.count {
      if characters[index] == "[" {
        index += 1
        segments.append(try Self.bracket(characters, &index, path: text))
      } else {
        if !segments.isEmpty {
          guard characters[index] == "." else { throw fail("'.' or '[' after a segment") }
          index += 1
        }
        let start = index
        while index < characters.count, characters[index] != ".", characters[index] != "[", characters[index] != "]" {
          index += 1
        }
        guard index > start else { throw fail("a key name") }
        segments.append(.name(String(characters[start..<index])))
        if index < characters.count, characters[index] == "]" { throw fail("'.' or '[' (a ']' without '[')") }
      }
    }
    self.segments = segments
  }

  /// `[` has been read: a quoted key or a position, then `]`.
  private static func bracket(
    _ characters: [Character], _ index: inout Int, path: String
  ) throws(SyntaxError) -> Segment {
    func fail(_ expected: String) -> SyntaxError {
      SyntaxError(path: path, offset: index + 1, expected: expected)
    }
    guard index < characters.count else { throw fail("a quoted key or a number after '['") }
    let segment: Segment
    let quote = characters[index]
    if quote == "\"" || quote == "'" {
      index += 1
      var key = ""
      var closed = false
      while index < characters.count {
        let character = characters[index]
        index += 1
        if character == quote {
          closed = true
          break
        }
        if character == "\\", index < characters.count {
          // `\"`, `\'` and `\\` stand for the character itself.
          key.append(characters[index])
          index += 1
          continue
        }
        key.append(character)
      }
      guard closed else { throw fail("the closing \(quote) of a quoted key") }
      segment = .quoted(key)
    } else {
      let start = index
      while index < characters.count, characters[index].isASCII, characters[index].isNumber { index += 1 }
      guard index > start, let number = Int(String(characters[start..<index])) else {
        throw fail("a quoted key (\"…\" or '…') or a list position after '['")
      }
      segment = .position(number)
    }
    guard index < characters.count, characters[index] == "]" else { throw fail("']'") }
    index += 1
    return segment
  }

  /// The fact this path reaches from `root`, or nil when there is none.
  public func resolve(in root: Fact) -> Fact? {
    var current = root
    for segment in segments {
      switch (segment, current.value) {
      case (.name(let key), .map(let entries)), (.quoted(let key), .map(let entries)):
        guard let next = entries[key] else { return nil }
        current = next
      case (.position(let number), .map(let entries)):
        guard let next = entries[String(number)] else { return nil }
        current = next
      case (.name(let text), .list(let items)):
        guard let number = Int(text), number >= 1, number <= items.count else { return nil }
        current = items[number - 1]
      case (.position(let number), .list(let items)):
        guard number >= 1, number <= items.count else { return nil }
        current = items[number - 1]
      default:
        return nil
      }
    }
    return current
  }
}
