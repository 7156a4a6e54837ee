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
    var word = ""
    var inWord = false
    var quote: Character?
    var characters = Array(text)
    // A trailing newline or carriage return is not part of any word.
    while let last = characters.last, last == "\n" || last == "\r" { characters.removeLast() }
    var index = 0

    func endWord() {
      if inWord { words.append(word) }
      word = ""
      inWord = false
    }
    func endCommand() {
      endWord()
      if !words.isEmpty { commands.append(words) }
      words = []
    }

    while index < characters.count {
      let character = characters[index]
      if let open = quote {
        if character == open {
          quote = nil
        } else if open == "\"" && character == "\\" && index + 1 < characters.count
          && "\"\\$`\n".contains(characters[index + 1])
        {
          index += 1
          word.append(characters[index])
        } else if open == "\"" && (character == "`" || (character == "$" && index + 1 < characters.count && characters[index + 1] == "(")) {
          return nil
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
      case "\\":
        if index + 1 < characters.count {
          index += 1
          // A backslash-newline joins lines; any other escaped character is literal.
          if characters[index] != "\n" {
            word.append(characters[index])
            inWord = true
          }
        }
      case " ", "\t", "\n", "\r":
        endWord()
      case ";":
        endCommand()
      case "&", "|":
        // `&&`, `||`, `|` and `&` all end a simple command.
        if index + 1 < characters.count && characters[index + 1] == character { index += 1 }
        endCommand()
      case "`", "(", ")":
        return nil
      case "$" where index + 1 < characters.count && characters[index + 1] == "(":
        return nil
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
    if quote != nil { return nil }
    endCommand()
    return commands
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
