import Foundation
/// Splits a POSIX shell command line into simple commands and their words.
///
/// Start commands in Dockerfiles, compose files, Procfiles and scripts are mostly one program and
/// its flags, sometimes chained with `&&` or prefixed with `exec` and `VAR=value`. This splitter
/// handles quotes, backslashes and the separators `&&`, `||`, `;` and `|`; anything cleverer
/// (command substitution, subshells, redirections into variables) makes it give up, because a
/// wrong argv is worse than none.
public enum ShellWords {
  /// The simple commands of `text`, each as its words, or nil when the line is too clever.
  public static func commands(_ text: String) -> [[String]]? {
    var commands: [[String]] = []
    var words: [String] = []
    let complete = scan(text, escape: "\\") { piece in
      switch piece {
      case .word(let word): words.append(word)
      case .separator:
        if !words.isEmpty { commands.append(words) }
        words = []
      }
    }
    guard complete else { return nil }
    if !words.isEmpty { commands.append(words) }
    return commands
  }

  /// Every word of `text` in order, with the separators between simple commands (`&&`, `||`,
  /// `;`, `|`, `&`) as words of their own, or nil when the line is too clever. `escape` is the
  /// escape character (a Dockerfile's `# escape=` directive can make it a backtick).
  public static func words(_ text: String, escape: Character = "\\") -> [String]? {
    var words: [String] = []
    let complete = scan(text, escape: escape) { piece in
      switch piece {
      case .word(let word): words.append(word)
      case .separator(let separator): words.append(separator)
      }
    }
    return complete ? words : nil
  }

  /// What the scanner finds: a word, or a separator between simple commands.
  enum Piece {
    case word(String)
    case separator(String)
  }

  /// The one splitter behind `commands` and `words`: reports each word and separator in order
  /// and returns false when the text is too clever (or a quote is never closed).
  ///
  /// It works on UTF-8 bytes: every character with a meaning here is ASCII, and the bytes of a
  /// multi-byte character are never ASCII, so words split the same as on characters, faster.
  static func scan(_ text: String, escape escapeCharacter: Character, _ emit: (Piece) -> Void) -> Bool {
    let space: UInt8 = 0x20, tab: UInt8 = 0x09, newline: UInt8 = 0x0A, carriageReturn: UInt8 = 0x0D
    let singleQuote: UInt8 = 0x27, doubleQuote: UInt8 = 0x22, dollar: UInt8 = 0x24, backtick: UInt8 = 0x60
    let semicolon: UInt8 = 0x3B, ampersand: UInt8 = 0x26, pipe: UInt8 = 0x7C, hash: UInt8 = 0x23
    let openParenthesis: UInt8 = 0x28, closeParenthesis: UInt8 = 0x29
    let escape = escapeCharacter.asciiValue ?? 0x5C
    var bytes = Array(text.utf8)
    // A trailing newline or carriage return is not part of any word.
    while let last = bytes.last, last == newline || last == carriageReturn { bytes.removeLast() }
    var word: [UInt8] = []
    var inWord = false
    var quote: UInt8?
    var index = 0
    // With a backtick escape (Windows Dockerfiles) there is no command substitution by backtick.
    let backtickSubstitutes = escape != backtick

    func endWord() {
      if inWord { emit(.word(String(decoding: word, as: UTF8.self))) }
      word.removeAll(keepingCapacity: true)
      inWord = false
    }
    func next(_ offset: Int = 1) -> UInt8? {
      index + offset < bytes.count ? bytes[index + offset] : nil
    }

    while index < bytes.count {
      let byte = bytes[index]
      if let open = quote {
        if byte == open {
          quote = nil
        } else if open == doubleQuote && byte == escape, let following = next(),
          following == escape || following == doubleQuote || following == dollar || following == backtick
            || following == newline
        {
          index += 1
          word.append(following)
        } else if open == doubleQuote
          && ((byte == backtick && backtickSubstitutes) || (byte == dollar && next() == openParenthesis))
        {
          return false
        } else {
          word.append(byte)
        }
        index += 1
        continue
      }
      switch byte {
      case singleQuote, doubleQuote:
        quote = byte
        inWord = true
      case escape:
        if index + 1 < bytes.count {
          index += 1
          // An escaped newline joins lines; any other escaped character is literal.
          if bytes[index] != newline {
            word.append(bytes[index])
            inWord = true
          }
        }
      case space, tab, newline, carriageReturn:
        endWord()
      case semicolon:
        endWord()
        emit(.separator(";"))
      case ampersand, pipe:
        // `&&`, `||`, `|` and `&` all end a simple command.
        var separator = String(UnicodeScalar(byte))
        if next() == byte {
          index += 1
          separator.append(Character(UnicodeScalar(byte)))
        }
        endWord()
        emit(.separator(separator))
      case backtick where backtickSubstitutes:
        return false
      case openParenthesis, closeParenthesis:
        return false
      case dollar where next() == openParenthesis:
        return false
      case hash where !inWord:
        // A comment runs to the end of the line.
        while index < bytes.count && bytes[index] != newline { index += 1 }
        continue
      default:
        word.append(byte)
        inWord = true
      }
      index += 1
    }
    if quote != nil { return false }
    endWord()
    return true
  }

  /// Quotes words for display so that the text reads back as the same argv.
  public static func join(_ words: [String]) -> String {
    words.map { word in
      if word.isEmpty { return "''" }
      let plain = word.allSatisfy { $0.isLetter || $0.isNumber || "-_./:=,@%+*$".contains($0) }
      return plain ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }.joined(separator: " ")
  }
}
