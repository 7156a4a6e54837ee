import Foundation
/// Parses nginx configuration into directives, the way nginx's own `ngx_conf_parse` reads it.
///
/// `name arg… ;` and `name arg… { … }`, single and double quotes with backslash escapes, `#`
/// comments, `${var}` inside words, and `*_by_lua_block { … }` whose body is Lua, not nginx, and
/// is kept as one raw argument. Errors use nginx's own wording so users recognise them.
public enum NginxParser {
  /// One directive with the file and line it was written on.
  public struct Directive: Sendable {
    public var name: String
    public var args: [String]
    public var file: String
    public var line: Int
    /// The children of a block directive (`server { … }`), nil for a simple directive.
    public var block: [Directive]?
    /// 1-based column of the directive's name.
    public var column: Int = 1
    /// After include resolution: `file:line` of the `include` that brought this directive in.
    public var includedFrom: String?
    /// After include resolution, on an `include` directive: the files it named, in order.
    public var includedFiles: [String]?
  }

  public struct Problem: Error, Sendable {
    public var line: Int
    public var message: String
  }

  enum Token {
    case word(String, line: Int, column: Int)
    case open(line: Int)
    case close(line: Int)
    case semicolon(line: Int)
    case raw(String, line: Int)
  }

  /// The directives of `text` (a file of the bundle named `file`).
  public static func parse(_ text: String, file: String) throws -> [Directive] {
    let tokens = try tokenize(text)
    var position = 0
    let directives = try parseBlock(tokens, &position, file: file, depth: 0, openedAt: nil)
    return directives
  }

  static func tokenize(_ text: String) throws -> [Token] {
    var tokens: [Token] = []
    let characters = Array(text)
    var index = 0
    var line = 1
    // Index of the first character of the current line, for columns.
    var lineStart = 0
    // Words of the statement being read, to spot `*_by_lua_block` before its `{`.
    var statementStart: String?
    while index < characters.count {
      let character = characters[index]
      if character == "\n" {
        line += 1
        index += 1
        lineStart = index
        continue
      }
      if character.isWhitespace {
        index += 1
        continue
      }
      switch character {
      case "#":
        while index < characters.count && characters[index] != "\n" { index += 1 }
      case ";":
        tokens.append(.semicolon(line: line))
        statementStart = nil
        index += 1
      case "}":
        tokens.append(.close(line: line))
        statementStart = nil
        index += 1
      case "{":
        tokens.append(.open(line: line))
        index += 1
        if let name = statementStart, name.hasSuffix("_by_lua_block") {
          // Raw Lua up to the matching brace (strings and comments in Lua are not nginx's).
          let startLine = line
          var depth = 1
          var body = ""
          while index < characters.count {
            let next = characters[index]
            if next == "\n" {
              line += 1
              lineStart = index + 1
            }
            if next == "{" { depth += 1 }
            if next == "}" {
              depth -= 1
              if depth == 0 { break }
            }
            body.append(next)
            index += 1
          }
          guard index < characters.count else {
            throw Problem(line: startLine, message: "unexpected end of file, expecting \"}\"")
          }
          tokens.append(.raw(body, line: startLine))
          tokens.append(.close(line: line))
          index += 1
        }
        statementStart = nil
      case "\"", "'":
        let quote = character
        let startLine = line
        let startColumn = index - lineStart + 1
        var word = ""
        index += 1
        var closed = false
        while index < characters.count {
          let next = characters[index]
          if next == "\\", index + 1 < characters.count {
            let escaped = characters[index + 1]
            // nginx keeps the backslash except before the quote, another backslash and t/r/n.
            switch escaped {
            case quote, "\\": word.append(escaped)
            case "t": word.append("\t")
            case "r": word.append("\r")
            case "n": word.append("\n")
            default:
              word.append("\\")
              word.append(escaped)
            }
            if escaped == "\n" {
              line += 1
              lineStart = index + 2
            }
            index += 2
            continue
          }
          if next == quote {
            closed = true
            index += 1
            break
          }
          if next == "\n" {
            line += 1
            lineStart = index + 1
          }
          word.append(next)
          index += 1
        }
        guard closed else {
          throw Problem(line: startLine, message: "unterminated \(quote == "\"" ? "double" : "single")-quoted string")
        }
        if statementStart == nil { statementStart = word }
        tokens.append(.word(word, line: startLine, column: startColumn))
      default:
        let startColumn = index - lineStart + 1
        var word = ""
        while index < characters.count {
          let next = characters[index]
          if next.isWhitespace || next == ";" || next == "{" || next == "}" {
            break
          }
          if next == "$", index + 1 < characters.count, characters[index + 1] == "{" {
            // `${var}` is one variable, its braces are not a block.
            while index < characters.count && characters[index] != "}" {
              word.append(characters[index])
              index += 1
            }
            if index < characters.count {
              word.append("}")
              index += 1
            }
            continue
          }
          if next == "\\", index + 1 < characters.count {
            word.append(next)
            word.append(characters[index + 1])
            index += 2
            continue
          }
          word.append(next)
          index += 1
        }
        if statementStart == nil { statementStart = word }
        tokens.append(.word(word, line: line, column: startColumn))
      }
    }
    return tokens
  }

  static let maximumDepth = 64

  static func parseBlock(
    _ tokens: [Token], _ position: inout Int, file: String, depth: Int, openedAt: Int?
  ) throws -> [Directive] {
    guard depth < maximumDepth else {
      throw Problem(line: openedAt ?? 1, message: "blocks nested deeper than \(maximumDepth) levels")
    }
    var directives: [Directive] = []
    var words: [(String, Int, Int)] = []
    while position < tokens.count {
      let token = tokens[position]
      position += 1
      switch token {
      case .word(let word, let line, let column):
        words.append((word, line, column))
      case .raw(let body, let line):
        words.append((body, line, 1))
      case .semicolon(let line):
        guard let first = words.first else { throw Problem(line: line, message: "unexpected \";\"") }
        directives.append(
          Directive(name: first.0, args: words.dropFirst().map(\.0), file: file, line: first.1, block: nil, column: first.2))
        words = []
      case .open(let line):
        guard let first = words.first else { throw Problem(line: line, message: "unexpected \"{\"") }
        if position < tokens.count, case .raw(let body, _) = tokens[position] {
          // A Lua body: kept as the last argument, followed by its closing brace.
          position += 2
          directives.append(
            Directive(name: first.0, args: words.dropFirst().map(\.0) + [body], file: file, line: first.1, block: [], column: first.2))
          words = []
          continue
        }
        let children = try parseBlock(tokens, &position, file: file, depth: depth + 1, openedAt: first.1)
        let args = words.dropFirst().map(\.0)
        directives.append(Directive(name: first.0, args: args, file: file, line: first.1, block: children, column: first.2))
        words = []
      case .close(let line):
        if let first = words.first {
          throw Problem(line: first.1, message: "unexpected \"}\" after \"\(first.0)\", expecting \";\"")
        }
        guard openedAt != nil else { throw Problem(line: line, message: "unexpected \"}\"") }
        return directives
      }
    }
    if let first = words.first {
      throw Problem(line: first.1, message: "unexpected end of file, expecting \";\" or \"}\"")
    }
    if let openedAt {
      throw Problem(line: openedAt, message: "unexpected end of file, expecting \"}\" (block opened here is never closed)")
    }
    return directives
  }
}
