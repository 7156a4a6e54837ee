import Foundation

/// The project's one shell-words splitter: quotes, backslashes, blanks, comments and (for POSIX
/// shell command lines) the separators between simple commands.
///
/// Three readers split words the way a different program does, and each way is a `Dialect` of
/// this one lexer rather than a splitter of its own:
/// - `posixShell`: start commands in Dockerfiles, compose files, Procfiles and `sh -c` (`commands`);
/// - `pythonShlex`: Python's `shlex` in POSIX mode with `whitespace_split`, as python-decouple's
///   `Csv` uses it (`shlex`);
/// - `dockerfileWords` / `dockerfileValue`: Docker's `ENV`/`ARG` words, split with their quotes
///   kept and unquoted value by value (`dockerfileWords`, `dockerfileUnquote`).
/// What differs between them is data (which characters are blanks, what a backslash escapes
/// inside double quotes, where `#` starts a comment, what is an error), never a second loop.
public enum ShellWords {
  /// Where `#` starts a comment that runs to the end of the line.
  public enum Comments: Sendable {
    /// `#` is an ordinary character.
    case none
    /// Only where a word could start (POSIX shell).
    case atWordStart
    /// Anywhere outside quotes; it also ends the word it interrupts (Python's shlex).
    case anywhere
  }

  /// How one program splits words.
  public struct Dialect: Sendable {
    /// Characters that separate words outside quotes.
    public var blanks: Set<Character>
    /// `;`, `&&`, `||`, `|`, `&` end a simple command; backquotes, parentheses and `$(` make
    /// the text too clever to split (a wrong argv is worse than none).
    public var operators: Bool
    public var comments: Comments
    /// What a backslash escapes inside double quotes (it stays otherwise); nil: any character.
    public var doubleQuoteEscapes: Set<Character>?
    /// An unquoted backslash-newline joins lines instead of escaping the newline.
    public var escapedNewlineJoins: Bool
    /// A quote left open at the end is an error (else the rest is the last word).
    public var unclosedQuoteFails: Bool
    /// A backslash at the very end is an error (else it is dropped).
    public var danglingEscapeFails: Bool
    /// Words keep their quotes and backslashes (only the splitting happens).
    public var keepQuotes: Bool
    /// The escape character (a Dockerfile's `# escape=` directive can make it a backtick; then a
    /// backtick is not command substitution).
    public var escape: Character = "\\"
    /// The separators between simple commands (`&&`, `;`, …) are kept as words of their own,
    /// in one list, instead of ending a command.
    public var separatorsAsWords = false

    /// POSIX `sh` command lines.
    public static let posixShell = Dialect(
      blanks: [" ", "\t", "\n", "\r"], operators: true, comments: .atWordStart,
      doubleQuoteEscapes: ["\"", "\\", "$", "`", "\n"], escapedNewlineJoins: true,
      unclosedQuoteFails: true, danglingEscapeFails: false, keepQuotes: false)

    /// Python's `shlex(text, posix=True)` with `whitespace_split = True` and the given whitespace.
    public static func pythonShlex(whitespace: String) -> Dialect {
      Dialect(
        blanks: Set(whitespace), operators: false, comments: .anywhere, doubleQuoteEscapes: ["\"", "\\"],
        escapedNewlineJoins: false, unclosedQuoteFails: true, danglingEscapeFails: true, keepQuotes: false)
    }

    /// Docker's first pass over `ENV`/`ARG` arguments: split on blanks, quotes kept.
    public static let dockerfileWords = Dialect(
      blanks: [" ", "\t"], operators: false, comments: .none, doubleQuoteEscapes: nil,
      escapedNewlineJoins: false, unclosedQuoteFails: false, danglingEscapeFails: false, keepQuotes: true)

    /// Docker's second pass: one value's quotes and backslashes removed, nothing split.
    public static let dockerfileValue = Dialect(
      blanks: [], operators: false, comments: .none, doubleQuoteEscapes: nil,
      escapedNewlineJoins: false, unclosedQuoteFails: false, danglingEscapeFails: false, keepQuotes: false)
  }

  /// Why a text could not be split.
  public enum Failure: Error, Sendable, Equatable {
    case unclosedQuote
    case danglingEscape
    /// Command substitution, subshells or backquotes (POSIX shell only).
    case tooClever

    /// Python's shlex message for the same problem.
    public var shlexMessage: String {
      switch self {
      case .unclosedQuote: "No closing quotation"
      case .danglingEscape: "No escaped character"
      case .tooClever: "Unsupported shell syntax"
      }
    }
  }

  /// The simple commands of a POSIX shell line, each as its words, or nil when the line is too
  /// clever (command substitution, subshells) or a quote is left open.
  public static func commands(_ text: String) -> [[String]]? {
    var characters = Array(text)
    // A trailing newline or carriage return is not part of any word.
    while let last = characters.last, last == "\n" || last == "\r" { characters.removeLast() }
    return try? split(characters, .posixShell).get()
  }

  /// Every word of a POSIX shell line in order, with the separators between simple commands
  /// (`&&`, `||`, `;`, `|`, `&`) as words of their own, or nil when the line is too clever.
  /// `escape` is the escape character (a Dockerfile's `# escape=` directive).
  public static func words(_ text: String, escape: Character = "\\") -> [String]? {
    var characters = Array(text)
    while let last = characters.last, last == "\n" || last == "\r" { characters.removeLast() }
    var dialect = Dialect.posixShell
    dialect.escape = escape
    dialect.separatorsAsWords = true
    return (try? split(characters, dialect).get()).map { $0.first ?? [] }
  }

  /// `list(shlex.shlex(text, posix=True))` with `whitespace_split` and `whitespace`.
  public static func shlex(_ text: String, whitespace: String) -> Result<[String], Failure> {
    split(Array(text), .pythonShlex(whitespace: whitespace)).map { $0.first ?? [] }
  }

  /// Docker's words of an `ENV`/`ARG` line, quotes and backslashes kept.
  public static func dockerfileWords(_ text: String) -> [String] {
    (try? split(Array(text), .dockerfileWords).get())?.first ?? []
  }

  /// One Docker value with its quotes and backslashes removed.
  public static func dockerfileUnquote(_ text: String) -> String {
    (try? split(Array(text), .dockerfileValue).get())?.first?.first ?? ""
  }

  /// Splits `characters` under `dialect`: commands (one unless the dialect has operators), each
  /// as its words. Linear in the length of the text.
  public static func split(_ characters: [Character], _ dialect: Dialect) -> Result<[[String]], Failure> {
    var commands: [[String]] = []
    var words: [String] = []
    var word = ""
    var inWord = false
    var quote: Character?
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
    func separator(_ text: String) {
      if dialect.separatorsAsWords {
        endWord()
        words.append(text)
      } else {
        endCommand()
      }
    }
    let escape = dialect.escape
    // With a backtick escape (Windows Dockerfiles) a backtick does not substitute a command.
    let backtickSubstitutes = escape != "`"

    while index < characters.count {
      let character = characters[index]
      let next: Character? = index + 1 < characters.count ? characters[index + 1] : nil
      if let open = quote {
        if character == open {
          quote = nil
          if dialect.keepQuotes { word.append(character) }
        } else if open == "\"" && character == escape {
          guard let next else {
            if dialect.danglingEscapeFails { return .failure(.danglingEscape) }
            if dialect.keepQuotes { word.append(character) }
            index += 1
            continue
          }
          if dialect.keepQuotes {
            word.append(character)
            word.append(next)
            index += 1
          } else if next == escape || dialect.doubleQuoteEscapes.map({ $0.contains(next) }) ?? true {
            word.append(next)
            index += 1
          } else {
            // The backslash stays; the next character is read as itself on the next turn.
            word.append(character)
          }
        } else if dialect.operators && open == "\"" && ((character == "`" && backtickSubstitutes) || (character == "$" && next == "(")) {
          return .failure(.tooClever)
        } else {
          word.append(character)
        }
        index += 1
        continue
      }
      if character == "'" || character == "\"" {
        quote = character
        inWord = true
        if dialect.keepQuotes { word.append(character) }
      } else if character == escape {
        if let next {
          index += 1
          if dialect.keepQuotes {
            word.append(character)
            word.append(next)
            inWord = true
          } else if !(next == "\n" && dialect.escapedNewlineJoins) {
            word.append(next)
            inWord = true
          }
        } else if dialect.danglingEscapeFails {
          return .failure(.danglingEscape)
        } else if dialect.keepQuotes {
          word.append(character)
          inWord = true
        }
      } else if dialect.blanks.contains(character) {
        endWord()
      } else if character == "#" && (dialect.comments == .anywhere || (dialect.comments == .atWordStart && !inWord)) {
        // The comment runs to the end of the line, which it takes along.
        while index < characters.count && characters[index] != "\n" { index += 1 }
        endWord()
      } else if dialect.operators && character == ";" {
        separator(";")
      } else if dialect.operators && (character == "&" || character == "|") {
        // `&&`, `||`, `|` and `&` all end a simple command.
        if next == character {
          index += 1
          separator(String([character, character]))
        } else {
          separator(String(character))
        }
      } else if dialect.operators && ((character == "`" && backtickSubstitutes) || character == "(" || character == ")" || (character == "$" && next == "(")) {
        return .failure(.tooClever)
      } else {
        word.append(character)
        inWord = true
      }
      index += 1
    }
    if quote != nil {
      if dialect.unclosedQuoteFails { return .failure(.unclosedQuote) }
    }
    endCommand()
    return .success(commands)
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
