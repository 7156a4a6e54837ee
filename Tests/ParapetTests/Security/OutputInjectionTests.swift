import Foundation
import ParapetEngine
import ParapetEvidence
import ParapetFacts
import ParapetReports
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Text from evidence and from rules is untrusted: ANSI escapes, newlines, HTML, Markdown, XML
/// and JSON in messages, targets, titles, data and evidence errors must come out inert in every
/// report format listed in `Reporters.formats`.
@Suite struct OutputInjectionTests {
  static let payloads = [
    "\u{1B}[2J\u{1B}[31mFAKE-ANSI\u{1B}[0m",
    "line one\nINJECTED-LINE: critical finding forged",
    "carriage\rINJECTED-CR",
    "<script>alert('INJECTED-HTML')</script><img src=x onerror=alert(1)>",
    "]]></failure><testcase name=\"INJECTED-XML\"/><![CDATA[",
    "\"}, {\"rule\": \"INJECTED-JSON\", \"status\": \"pass\"}, {\"x\": \"",
    "| INJECTED | md |\n# INJECTED-HEADING\n[click](javascript:alert(1))",
    "nul\u{0}byte \u{7}bell \u{2028}sep \u{202E}rtl",
  ]

  /// A report whose every free-text field carries the payloads.
  static func report() throws -> ScanReport {
    let joined = payloads.joined(separator: " ~ ")
    let pack = try TestPack.make(
      name: "inject",
      rules: [
        "a.lua": """
          local payloads = { \(payloads.map { luaString($0) }.joined(separator: ", ")) }
          return {
            id = "INJECT", title = \(luaString("title " + joined)), severity = "high",
            references = { "cwe:79" }, remediation = \(luaString("fix " + joined)),
            check = function(facts, report, options)
              for i, p in ipairs(payloads) do
                report.fail{ message = p, target = p, result = p, data = { text = p, [p] = p } }
              end
              error(table.concat(payloads, ' | '))
            end,
          }
          """,
      ])
    let engine = try PolicyEngine(packs: [pack], limits: TestPack.limits)
    var evaluations = engine.evaluate(FactTree())
    for index in evaluations.indices { engine.grade(&evaluations[index]) }
    let evidenceErrors = payloads.map {
      EvidenceError($0, at: SourceLocation(file: "evil\n\u{1B}[1m<b>file</b>.json", line: 3, column: 1), reader: "json")
    }
    return ScanReport(targets: ["target\n\u{1B}[2J<i>"], packs: evaluations, evidenceErrors: evidenceErrors)
  }

  static func luaString(_ text: String) -> String {
    var out = "\""
    for byte in text.utf8 {
      switch byte {
      case 0x20..<0x7F where byte != 0x22 && byte != 0x5C: out.append(Character(UnicodeScalar(byte)))
      default: out += "\\" + String(format: "%03d", Int(byte))
      }
    }
    return out + "\""
  }

  @Test func everyFormatListedHasAReporter() {
    for format in Reporters.formats {
      #expect(Reporters.reporter(for: format) != nil, "\(format) is listed but has no reporter")
    }
  }

  @Test(arguments: Reporters.formats) func untrustedTextIsInertInEveryFormat(_ format: String) throws {
    let report = try Self.report()
    let reporter = try #require(Reporters.reporter(for: format, color: false, verbose: true))
    let output = reporter.render(report)
    // Universal: no terminal control reaches any output.
    #expect(!output.unicodeScalars.contains("\u{1B}"), "\(format): an ESC byte reached the report")
    #expect(!output.unicodeScalars.contains("\u{7}"), "\(format): a BEL byte reached the report")
    #expect(!output.unicodeScalars.contains("\u{0}"), "\(format): a NUL byte reached the report")
    // In line-oriented formats no injected text starts a line of its own (in JSON, XML and
    // HTML a newline inside escaped text is inert, and structure is checked below instead).
    let lineOriented = !["json", "sarif", "junit", "xml", "html"].contains(format)
    for line in output.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) {
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      if !lineOriented { break }
      #expect(!trimmed.hasPrefix("INJECTED"), "\(format): injected text starts a line: \(line)")
      #expect(!trimmed.hasPrefix("# INJECTED"), "\(format): injected Markdown heading: \(line)")
    }
    switch format {
    case "json", "sarif":
      let parsed = try JSONSerialization.jsonObject(with: Data(output.utf8))
      let strings = Self.strings(in: parsed)
      #expect(strings.contains { $0.contains(Self.payloads[5]) }, "\(format): the JSON payload did not stay inside one string")
      #expect(!strings.contains("INJECTED-JSON"), "\(format): the JSON payload broke out of its string")
    case "junit", "xml":
      let collector = try Self.xmlElements(output)
      let elements = collector.names
      #expect(!elements.contains("script") && !elements.contains("img"), "\(format): HTML became XML elements")
      #expect(elements.filter { $0 == "testcase" }.count >= 1)
      #expect(!collector.attributeValues.contains("INJECTED-XML"), "\(format): the XML payload created an element")
    case "html":
      #expect(!output.contains("<script>alert"), "html: script tag injected")
      #expect(!output.contains("<img src=x"), "html: img tag injected")
      #expect(!output.contains("href=\"javascript:"), "html: javascript URL injected")
      #expect(!output.contains("onerror=alert(1)>"), "html: event handler attribute injected")
    case "markdown", "md":
      #expect(!output.contains("<script>"), "markdown: raw HTML passes through")
      #expect(!output.contains("](javascript:"), "markdown: a javascript link passes through")
    default: break
    }
  }

  @Test func theColouredTextReportHasOnlyItsOwnEscapes() throws {
    let output = try #require(Reporters.reporter(for: "text", color: true, verbose: true)).render(try Self.report())
    #expect(!output.contains("\u{1B}[2J"), "a screen-clearing escape from a rule reached the terminal")
    #expect(!output.contains("FAKE-ANSI\u{1B}"))
  }

  static func strings(in value: Any) -> [String] {
    switch value {
    case let text as String: return [text]
    case let list as [Any]: return list.flatMap { strings(in: $0) }
    case let map as [String: Any]: return map.keys.map { $0 } + map.values.flatMap { strings(in: $0) }
    default: return []
    }
  }

  final class ElementCollector: NSObject, XMLParserDelegate {
    var names: [String] = []
    var attributeValues: Set<String> = []
    func parser(
      _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
      qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
    ) {
      names.append(elementName)
      attributeValues.formUnion(attributeDict.values)
    }
  }

  static func xmlElements(_ text: String) throws -> ElementCollector {
    let parser = XMLParser(data: Data(text.utf8))
    let collector = ElementCollector()
    parser.delegate = collector
    #expect(parser.parse(), "the XML report does not parse: \(String(describing: parser.parserError))")
    return collector
  }
}
