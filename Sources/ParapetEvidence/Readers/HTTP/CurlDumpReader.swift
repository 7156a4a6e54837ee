import Foundation
import ParapetFacts

/// Reads raw HTTP response dumps as written by `curl -sS -i -L URL`, `curl -D FILE` or
/// `curl -sSI -L URL` into `http.sites` and, block by block as written, `raw.http[path]`.
///
/// Claims files named `*.http`, `*.curl` or `*.headers`, and any other file, whatever its name,
/// that starts like a dump: a status line (`HTTP/1.1 200 OK`, a bare `curl -D` dump), or marker
/// lines (`# url: …`, `$ curl …`, `curl -v` output) followed by a status line. curl does not
/// print the URL it fetched, so put the command or a `# url: https://host/` comment line
/// before each chain, or give it with `--url` (the reader option `http.url`) for a chain that
/// has none; several chains (the `https://` and the `http://` one) may share one file. See
/// `CurlDumpParser` for the format.
public struct CurlDumpReader: EvidenceReader {
  public let kind = "curl"

  public init() {}

  public func claims(_ file: EvidenceFile) -> Bool {
    let name = file.name.lowercased()
    if name.hasSuffix(".http") || name.hasSuffix(".curl") || name.hasSuffix(".headers") {
      return true
    }
    return Self.startsLikeDump(file.data)
  }

  /// True when the first non-empty lines (within the first 4 KiB) are dump markers, comments
  /// or `curl -v` noise, and then a status line.
  static func startsLikeDump(_ data: Data) -> Bool {
    var head = data.prefix(4096)
    if head.starts(with: [0xEF, 0xBB, 0xBF]) { head = head.dropFirst(3) }
    let text = String(decoding: head, as: UTF8.self)
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    if head.count == 4096 && lines.count > 1 { lines.removeLast() }
    for rawLine in lines.prefix(40) {
      var line = Substring(HTTPText.trimOWS(String(rawLine)))
      if line.isEmpty { continue }
      if line.hasPrefix("< ") { line = line.dropFirst(2) }
      if line.hasPrefix("HTTP/") { return CurlDumpParser.isStatusLine(line) }
      if line.hasPrefix("#") || line.hasPrefix("$ ") || line.hasPrefix("curl ")
        || line.hasPrefix("> ") || line.hasPrefix("* ") || line == ">" || line == "<"
      {
        continue
      }
      return false
    }
    return false
  }

  public func read(_ file: EvidenceFile, into facts: inout FactTree, context: ScanContext) throws {
    var text = file.text
    if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
    let parser = CurlDumpParser(text, file: file.path, defaultURL: context.options["http.url"])
    var exchanges: [HTTPExchange] = []
    var bodies: [Int: SourceLocation] = [:]
    var raw: [Fact] = []
    for (number, chain) in parser.chains.enumerated() {
      for (index, var exchange) in chain.exchanges.enumerated() {
        exchange.chainID = "\(file.path)#\(number + 1)"
        if let line = chain.bodyLines[index] { bodies[exchanges.count] = file.at(line: line) }
        raw.append(Self.rawExchange(exchange, chain: number + 1, bodyLine: chain.bodyLines[index], file: file))
        exchanges.append(exchange)
      }
    }
    facts.set(["raw", "http", file.path], HTTPRawLayer.entry(format: "curl", exchanges: raw, file: file))
    let builder = HTTPSiteBuilder(
      source: .init(file: file.path, kind: kind, creator: "curl", bodyLinesMapToFile: true),
      exchanges: exchanges, bodyLocations: bodies)
    for site in builder.sites() { facts.append(["http", "sites"], site) }
    if !parser.problems.isEmpty {
      throw EvidenceErrors(parser.problems.map { file.error($0.message, line: $0.line, reader: kind) })
    }
  }

  /// One response block as `raw.http` records it: the request curl made (method and URL; a
  /// dump records no request headers), the response as written, the body by its lines, and
  /// the 1-based chain of the file it belongs to.
  static func rawExchange(_ exchange: HTTPExchange, chain: Int, bodyLine: Int?, file: EvidenceFile) -> Fact {
    var body: Fact?
    if let text = exchange.body, let first = bodyLine {
      let last = first + text.reduce(0) { $0 + ($1 == "\n" ? 1 : 0) }
      body = HTTPRawLayer.body(
        length: .integer(text.utf8.count, at: file.at(line: first)),
        mediaType: HTTPRawLayer.mediaType(HTTPRawLayer.contentType(exchange.headers)),
        ref: first == last ? "line \(first)" : "lines \(first)-\(last)", at: file.at(line: first))
    }
    let request: Fact = .map(
      [
        "method": .string(exchange.method, at: exchange.location),
        "url": HTTPRawLayer.url(exchange.url, at: exchange.location),
        "headers": .list([], at: exchange.location),
      ], at: exchange.location)
    return .map(
      [
        "request": request,
        "response": HTTPRawLayer.response(exchange, body: body),
        "chain": .integer(chain, at: exchange.location),
      ], at: exchange.location)
  }
}
