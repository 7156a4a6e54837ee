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
  static func scan(_ text: String, escape: Character, _ emit: (Piece) -> Void) -> Bool {
    var word = ""
    var inWord = false
    var quote: Character?
    var characters = Array(text)
    // A trailing newline or carriage return is not part of any word.
    while let last = characters.last, last == "\n" || last == "\r" { characters.removeLast() }
    var index = 0
    // With a backtick escape (Windows Dockerfiles) there is no command substitution by backtick.
    let backtickSubstitutes = escape != "`"

    func endWord() {
      if inWord { emit(.word(word)) }
      word = ""
      inWord = false
    }

    while index < characters.count {
      let character = characters[index]
      if let open = quote {
        if character == open {
          quote = nil
        } else if open == "\"" && character == escape && index + 1 < characters.count
          && (characters[index + 1] == escape || "\"$`\n".contains(characters[index + 1]))
        {
          index += 1
          word.append(characters[index])
        } else if open == "\"" && ((character == "`" && backtickSubstitutes) || (character == "$" && index + 1 < characters.count && characters[index + 1] == "(")) {
          return false
        } else {
          word.append(character)
        }
        index += 1
        continue
      }
      switch character {
      case "'", "\"":
        quote = character
        inWord = true
      case escape:
        if index + 1 < characters.count {
          index += 1
          // An escaped newline joins lines; any other escaped character is literal.
          if characters[index] != "\n" {
            word.append(characters[index])
            inWord = true
          }
        }
      case " ", "\t", "\n", "\r":
        endWord()
      case ";":
        endWord()
        emit(.separator(";"))
      case "&", "|":
        // `&&`, `||`, `|` and `&` all end a simple command.
        var separator = String(character)
        if index + 1 < characters.count && characters[index + 1] == character {
          index += 1
          separator.append(character)
        }
        endWord()
        emit(.separator(separator))
      case "`" where backtickSubstitutes:
        return false
      case "(", ")":
        return false
      case "$" where index + 1 < characters.count && characters[index + 1] == "(":
        return false
      case "#" where !inWord:
        // A comment runs to the end of the line.
        while index < characters.count && characters[index] != "\n" { index += 1 }
        continue
      default:
        word.append(character)
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
