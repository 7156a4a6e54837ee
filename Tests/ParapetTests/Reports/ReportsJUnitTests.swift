import Foundation
import ParapetEngine
import ParapetFacts
import ParapetReports
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// A parsed XML element: what the tests walk instead of matching strings.
final class XMLNode {
  let name: String
  let attributes: [String: String]
  var children: [XMLNode] = []
  var text = ""

  init(name: String, attributes: [String: String]) {
    self.name = name
    self.attributes = attributes
  }

  func all(_ name: String) -> [XMLNode] { children.filter { $0.name == name } }
  func first(_ name: String) -> XMLNode? { children.first { $0.name == name } }
  subscript(attribute: String) -> String? { attributes[attribute] }

  /// Parses a document with Foundation's XMLParser; throws on any well-formedness error.
  static func parse(_ text: String) throws -> XMLNode {
    final class Builder: NSObject, XMLParserDelegate {
      var stack: [XMLNode] = [XMLNode(name: "#document", attributes: [:])]
      func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
        qualifiedName: String?, attributes: [String: String] = [:]
      ) {
        let node = XMLNode(name: name, attributes: attributes)
        stack.last!.children.append(node)
        stack.append(node)
      }
      func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        stack.removeLast()
      }
      func parser(_ parser: XMLParser, foundCharacters string: String) { stack.last!.text += string }
    }
    let parser = XMLParser(data: Data(text.utf8))
    let builder = Builder()
    parser.delegate = builder
    guard parser.parse() else {
      throw ParseError(description: "\(parser.parserError.map { "\($0)" } ?? "parse error") at line \(parser.lineNumber)")
    }
    return try #require(builder.stack.first?.children.first)
  }

  struct ParseError: Error, CustomStringConvertible { var description: String }
}

@Suite struct ReportsJUnitTests {
  let report = ReportFixtures.report()

  func parsed(_ report: ScanReport) throws -> XMLNode {
    try XMLNode.parse(JUnitReporter().render(report))
  }

  @Test func isWellFormedWithOneSuitePerPack() throws {
    let root = try parsed(report)
    #expect(root.name == "testsuites")
    let suites = root.all("testsuite")
    #expect(suites.map { $0["name"] } == ["django-deploy", "mozilla-observatory", "acme", "evidence"])
    // The totals add up.
    for key in ["tests", "failures", "errors", "skipped"] {
      let sum = suites.compactMap { Int($0[key] ?? "") }.reduce(0, +)
      #expect(Int(root[key] ?? "") == sum, "\(key)")
    }
    for suite in suites {
      #expect(Int(suite["tests"] ?? "") == suite.all("testcase").count)
      #expect(Int(suite["failures"] ?? "") == suite.all("testcase").filter { $0.first("failure") != nil }.count)
      #expect(Int(suite["errors"] ?? "") == suite.all("testcase").filter { $0.first("error") != nil }.count)
      #expect(Int(suite["skipped"] ?? "") == suite.all("testcase").filter { $0.first("skipped") != nil }.count)
    }
    #expect(try parsed(ReportFixtures.clean()).all("testsuite").count == 1)
  }

  @Test func oneTestCasePerRuleAndTarget() throws {
    let suites = try parsed(report).all("testsuite")
    let django = suites[0].all("testcase")
    #expect(django.count == 8)
    let observatory = suites[1].all("testcase")
    // csp for two hosts, x-frame-options and HSTS for one.
    #expect(observatory.count == 4)
    #expect(observatory.map { $0["classname"] ?? "" }.filter { $0 == "mozilla-observatory.csp" }.count == 2)
    #expect(observatory.contains { $0["name"] == "csp csp header [api.example.com]" && $0.children.isEmpty })
  }

  @Test func failuresCarryMessageLocationAndFix() throws {
    let django = try parsed(report).all("testsuite")[0].all("testcase")
    let debug = try #require(django.first { $0["classname"] == "django-deploy.DJ-001" })
    #expect(debug["file"] == "Examples/acme-shop/mysite/settings.py")
    #expect(debug["line"] == "3")
    let failure = try #require(debug.first("failure"))
    #expect(failure["message"] == "DEBUG is True")
    #expect(failure["type"] == "high")
    #expect(failure.text.contains("at Examples/acme-shop/mysite/settings.py:3"))
    #expect(failure.text.contains("fix: Set DEBUG = False in the production settings."))

    let waived = try #require(django.first { $0["classname"] == "django-deploy.DJ-003" })
    #expect(waived.first("skipped")?["message"]?.hasPrefix("waived until 2030-01-31 by ops@example.com") == true)
    let unknown = try #require(django.first { $0["classname"] == "django-deploy.DJ-004" })
    #expect(unknown.first("skipped")?["message"]?.hasPrefix("cannot verify:") == true)
    let notApplicable = try #require(django.first { $0["classname"] == "django-deploy.DJ-006" })
    #expect(notApplicable.first("skipped")?["message"] == "not applicable")
    let broken = try #require(django.first { $0["classname"] == "django-deploy.DJ-007" })
    #expect(broken.first("error")?["type"] == "rule-error")
    let passed = try #require(django.first { $0["classname"] == "django-deploy.DJ-005" })
    #expect(passed.children.isEmpty)

    let evidence = try #require(try parsed(report).all("testsuite").last?.all("testcase").first)
    #expect(evidence["file"] == "Examples/acme-shop/config/broken.yaml")
    #expect(evidence.first("error")?["type"] == "evidence-error")
  }

  @Test func hostileTextIsEscaped() throws {
    let xml = JUnitReporter().render(report)
    #expect(!xml.contains("<script>"))
    #expect(!xml.contains("]]>"))
    #expect(!xml.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "XML 1.0 cannot carry control characters")
    let django = try XMLNode.parse(xml).all("testsuite")[0].all("testcase")
    let hostile = try #require(django.first { $0["classname"] == "django-deploy.DJ-008" })
    let message = try #require(hostile.first("failure")?["message"])
    // Newlines survive in attributes; ESC and NUL are shown, not passed on.
    #expect(message.contains("<script>alert(1)</script> ]]> a | b `tick`"))
    #expect(message.contains("\n# heading\r\n- item &amp; \"quote\" 'apos'"))
    #expect(message.hasPrefix("\\u{1B}[31mred\\u{1B}[0m"))
    #expect(message.contains("\\u{0} end"))
    #expect(hostile["file"] == "Examples/acme-shop/evil dir/<b>x</b>#?.py")
    #expect(hostile.first("failure")?.text.contains("fix: Fix \\u{1B}[31mred") == true)
  }

  @Test func isDeterministic() throws {
    let first = JUnitReporter().render(ReportFixtures.report())
    #expect(first == JUnitReporter().render(ReportFixtures.report()))
    #expect(!first.contains("timestamp"))
  }
}
