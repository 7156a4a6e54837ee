import Foundation
import ParapetFacts

/// Reads raw HTTP response dumps as written by `curl -sS -i -L URL`, `curl -D FILE` or
/// `curl -sSI -L URL` into `http.sites`.
///
/// Claims files named `*.http`, `*.curl` or `*.headers`, and any other file whose first bytes
/// are `HTTP/` (a bare `curl -D` dump). curl does not print the URL it fetched, so put the
/// command or a `# url: https://host/` comment line before each chain; several chains (the
/// `https://` and the `http://` one) may share one file. See `CurlDumpParser` for the format.
public struct CurlDumpReader: EvidenceReader {
  public let kind = "curl"

  public init() {}

  public func claims(_ file: EvidenceFile) -> Bool {
    let name = file.name.lowercased()
    if name.hasSuffix(".http") || name.hasSuffix(".curl") || name.hasSuffix(".headers") {
      return true
    }
    var head = file.data.prefix(8)
    if head.starts(with: [0xEF, 0xBB, 0xBF]) { head = head.dropFirst(3) }
    return head.starts(with: Array("HTTP/".utf8))
  }

  public func read(_ file: EvidenceFile, into facts: inout FactTree, context: ScanContext) throws {
    var text = file.text
    if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
    let parser = CurlDumpParser(text, file: file.path)
    var exchanges: [HTTPExchange] = []
    var bodies: [Int: SourceLocation] = [:]
    for (number, chain) in parser.chains.enumerated() {
      for (index, var exchange) in chain.exchanges.enumerated() {
        exchange.chainID = "\(file.path)#\(number + 1)"
        if let line = chain.bodyLines[index] { bodies[exchanges.count] = file.at(line: line) }
        exchanges.append(exchange)
      }
    }
    let builder = HTTPSiteBuilder(
      source: .init(file: file.path, kind: kind, creator: "curl", bodyLinesMapToFile: true),
      exchanges: exchanges, bodyLocations: bodies)
    for site in builder.sites() { facts.append(["http", "sites"], site) }
    if !parser.problems.isEmpty {
      throw EvidenceErrors(parser.problems.map { file.error($0.message, line: $0.line, reader: kind) })
    }
  }
}
