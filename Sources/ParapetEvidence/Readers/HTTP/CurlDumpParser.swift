import Foundation
import ParapetFacts

/// Splits raw HTTP response dumps (`curl -sS -i -L URL`, `curl -D headers.txt`, `curl -sSI -L`,
/// and the `< ` lines of `curl -v`) into exchanges.
///
/// A file may hold several chains. Each starts at a marker line naming its URL, either the
/// command (`$ curl -sS -i -L https://example.com/`) or a comment (`# url: https://example.com/`).
/// Within a chain, every block starting `HTTP/1.1 301 …` or `HTTP/2 200` is one response; `1xx`
/// blocks and a proxy's `200 Connection established` are skipped; each block's URL is the
/// previous URL with the previous `Location` applied. Text after the last block is that
/// response's body. CRLF and LF line ends are both accepted; folded header lines are joined.
public struct CurlDumpParser {
  /// One chain of responses, and the problems found in it.
  public struct Chain: Sendable {
    public var url: String?
    public var method: String
    /// True when the command line asked curl not to verify certificates (`-k`).
    public var insecure: Bool
    /// True when the command line is known (then curl verified certificates unless `-k`).
    public var commandKnown: Bool
    public var exchanges: [HTTPExchange] = []
    /// 1-based line of each exchange's body start.
    public var bodyLines: [Int: Int] = [:]
  }

  public struct Problem: Sendable {
    public var message: String
    public var line: Int
  }

  public private(set) var chains: [Chain] = []
  public private(set) var problems: [Problem] = []

  /// Parses `text`; positions in `file`. `defaultURL` (`--url`) is the URL of the first chain
  /// that names none.
  public init(_ text: String, file: String, defaultURL: String? = nil) {
    // CRLF is one Character in Swift, so split on both forms of line end.
    let lines = text.split(
      omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
    var current: Chain?
    var block: HTTPExchange?
    var inHeaders = false
    var bodyStart: Int?
    var bodyLinesText: [Substring] = []

    func location(_ line: Int) -> SourceLocation { SourceLocation(file: file, line: line) }

    for (offset, rawLine) in lines.enumerated() {
      let number = offset + 1
      var line = rawLine
      if line.hasSuffix("\r") { line = line.dropLast() }
      // curl -v: "< " response lines carry the dump; "> " and "* " lines are ignored.
      if line.hasPrefix("< ") || line == "<" {
        line = line.dropFirst(line.count >= 2 ? 2 : 1)
      } else if (line.hasPrefix("> ") || line.hasPrefix("* ") || line == ">") && !inHeaders
        && bodyStart == nil
      {
        continue
      }
      if let url = Self.markerURL(line), !inHeaders {
        // A marker ends the previous chain, body included.
        if bodyStart != nil, var chain = current {
          Self.attachBody(&chain, lines: bodyLinesText, start: bodyStart!)
          current = chain
        }
        bodyStart = nil
        bodyLinesText = []
        if let chain = current { chains.append(chain) }
        let command = line.hasPrefix("$") || line.contains("curl ")
        current = Chain(
          url: url.isEmpty ? nil : url,
          method: Self.hasFlag(line, short: "I", long: "--head") ? "HEAD" : "GET",
          insecure: Self.hasFlag(line, short: "k", long: "--insecure"), commandKnown: command)
        continue
      }
      if let status = Self.statusLine(line), bodyStart == nil {
        if current == nil {
          current = Chain(url: nil, method: "GET", insecure: false, commandKnown: false)
        }
        if let previous = block { Self.append(previous, to: &current!) }
        var exchange = HTTPExchange(
          method: current!.method, url: nil, status: status.code, statusText: status.reason,
          httpVersion: status.version, location: location(number))
        exchange.statusLocation = SourceLocation(file: file, line: number, column: 1)
        block = exchange
        inHeaders = true
        continue
      }
      if inHeaders {
        if line.allSatisfy({ $0 == " " || $0 == "\t" }) {
          inHeaders = false
          continue
        }
        if line.first == " " || line.first == "\t" {
          // Obsolete line folding: the line continues the previous header's value.
          if let last = block?.headers.indices.last {
            let joined = block!.headers[last].value + " " + HTTPText.trimOWS(String(line))
            block!.headers[last].value = HTTPText.trimOWS(joined)
          }
          continue
        }
        guard let colon = line.firstIndex(of: ":"), colon != line.startIndex else {
          problems.append(
            Problem(message: "expected 'Name: value' in a header block, found '\(line.prefix(60))'", line: number))
          continue
        }
        let name = String(line[..<colon])
        let value = String(line[line.index(after: colon)...])
        block!.headers.append(
          HTTPHeaderField(name: HTTPText.trimOWS(name), value: value, location: SourceLocation(file: file, line: number, column: 1)))
        continue
      }
      // After a header block: a blank line or the next status line, or body text.
      if block != nil {
        if line.isEmpty && bodyStart == nil { continue }
        Self.append(block!, to: &current!)
        block = nil
      }
      if current != nil && !(current!.exchanges.isEmpty) {
        if bodyStart == nil {
          if line.isEmpty { continue }
          bodyStart = number
        }
        bodyLinesText.append(line)
      } else if !line.allSatisfy({ $0 == " " || $0 == "\t" }) && !line.hasPrefix("#")
        && !line.hasPrefix("$")
      {
        problems.append(
          Problem(message: "text before the first 'HTTP/…' status line: '\(line.prefix(60))'", line: number))
      }
    }
    if let previous = block, current != nil { Self.append(previous, to: &current!) }
    if var chain = current {
      if let first = bodyStart { Self.attachBody(&chain, lines: bodyLinesText, start: first) }
      chains.append(chain)
    }
    if let defaultURL, !defaultURL.isEmpty,
      let unnamed = chains.firstIndex(where: { $0.url == nil })
    {
      chains[unnamed].url = defaultURL
    }
    for index in chains.indices { Self.resolveURLs(&chains[index]) }
    if chains.allSatisfy({ $0.exchanges.isEmpty }) {
      problems.append(
        Problem(message: "no HTTP status line found (expected a line like 'HTTP/1.1 200 OK')", line: 1))
    }
  }

  private static func attachBody(_ chain: inout Chain, lines: [Substring], start: Int) {
    guard !chain.exchanges.isEmpty else { return }
    var body = lines.joined(separator: "\n")
    while body.hasSuffix("\n") { body.removeLast() }
    chain.exchanges[chain.exchanges.count - 1].body = body
    chain.bodyLines[chain.exchanges.count - 1] = start
  }

  /// Adds a finished block, skipping interim responses and proxy tunnel answers.
  private static func append(_ exchange: HTTPExchange, to chain: inout Chain) {
    if (100..<200).contains(exchange.status) { return }
    if exchange.status == 200, exchange.statusText.lowercased().contains("connection established") {
      return
    }
    chain.exchanges.append(exchange)
  }

  /// Gives every block its URL from the chain's URL and the `Location`s before it, and sets
  /// certificate validity from the command line (curl verifies unless `-k`).
  private static func resolveURLs(_ chain: inout Chain) {
    var url = chain.url
    for index in chain.exchanges.indices {
      chain.exchanges[index].url = url
      if url.flatMap({ URLParts($0)?.scheme }) == "https" {
        chain.exchanges[index].certificateValid =
          chain.commandKnown && !chain.insecure ? true : nil
      }
      if chain.exchanges[index].isRedirect, let base = url,
        let location = chain.exchanges[index].values("location").first?.value
      {
        url = URLParts.resolve(location, against: base)
      } else if index + 1 < chain.exchanges.count {
        url = nil
      }
    }
  }

  struct StatusLine {
    var version: String
    var code: Int
    var reason: String
  }

  /// `HTTP/1.1 301 Moved Permanently`, `HTTP/2 200`, `HTTP/1.0 404` → parts; nil otherwise.
  /// True for an HTTP status line (`HTTP/1.1 200 OK`, `HTTP/2 301`).
  static func isStatusLine<S: StringProtocol>(_ line: S) -> Bool { statusLine(line) != nil }

  static func statusLine<S: StringProtocol>(_ line: S) -> StatusLine? {
    guard line.hasPrefix("HTTP/") else { return nil }
    let parts = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
    guard parts.count >= 2 else { return nil }
    let version = parts[0].dropFirst(5)
    let versionOK =
      (version.count == 1 && version.first!.isNumber)
      || (version.count == 3 && version.first!.isNumber && version.dropFirst().first == "."
        && version.last!.isNumber)
    guard versionOK, parts[1].count == 3, parts[1].allSatisfy({ $0.isASCII && $0.isNumber }),
      let code = Int(parts[1])
    else { return nil }
    return StatusLine(
      version: "HTTP/" + version, code: code,
      reason: parts.count > 2 ? HTTPText.trimOWS(String(parts[2])) : "")
  }

  /// The URL of a chain marker line (`$ curl … URL`, `# url: URL`, `# URL`), "" for a curl
  /// command without a URL, nil for other lines.
  static func markerURL<S: StringProtocol>(_ line: S) -> String? {
    let trimmed = HTTPText.trimOWS(String(line))
    let isCommand = trimmed.hasPrefix("$ ") || trimmed.hasPrefix("curl ")
    let isComment = trimmed.hasPrefix("#")
    guard isCommand || isComment else { return nil }
    for word in trimmed.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
      var token = String(word)
      token = token.trimmingCharacters(in: ["'", "\""])
      if token.lowercased().hasPrefix("http://") || token.lowercased().hasPrefix("https://") {
        return token
      }
    }
    return isCommand ? "" : nil
  }

  static func hasFlag<S: StringProtocol>(_ line: S, short: Character, long: String) -> Bool {
    guard line.hasPrefix("$") || line.hasPrefix("curl") else { return false }
    for word in line.split(separator: " ") {
      if word == long { return true }
      if word.hasPrefix("-") && !word.hasPrefix("--") && word.contains(short) { return true }
    }
    return false
  }
}
