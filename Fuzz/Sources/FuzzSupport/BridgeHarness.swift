import Foundation
import OrderedCollections
import ParapetEngine
import ParapetEvidence
import ParapetFacts
import ParapetReports

/// Fuzzes the Lua bridge: fact trees built from the input are walked by a rule through every
/// node operation (fields, metadata, `#`, `pairs`, `ipairs`, `get`, `lookup`, `value`,
/// `tostring`), findings point at the nodes and carry their text, and the report is rendered in
/// every format. A rule error other than a sandbox limit means the bridge broke a promise.
public enum BridgeHarness {
  /// Limits small enough that a fuzz input never takes long.
  static let limits = SandboxLimits(
    instructions: 2_000_000, memoryBytes: 64 << 20, timeoutMilliseconds: 2_000,
    patternSteps: 200_000)

  static let walker = """
    return {
      id = "FUZZ-WALK",
      title = "walks every fact node",
      severity = "low",
      references = { "cwe:20" },
      remediation = "none",
      check = function(facts, report, options)
        local reported = 0
        local function walk(node, depth)
          if depth > 300 then return end
          local kind = fact.kind(node)
          local _ = fact.known(node), fact.reason(node), fact.variables(node), fact.file(node), fact.line(node), fact.column(node)
          local _ = fact.path(node), node.value, node.kind, node.where
          local where = fact.where(node)
          local text = tostring(node)
          local value = fact.value(node)
          if kind == "map" or kind == "list" then
            local length = #node
            local count = 0
            for key, child in pairs(node) do
              count = count + 1
              if fact.get(node, key) == nil or node[key] == nil then error("get lost the child at " .. tostring(key)) end
              walk(child, depth + 1)
            end
            if count ~= length then
              error("pairs gave " .. count .. " children but # says " .. length)
            end
            for index, child in ipairs(node) do
              if kind ~= "list" then error("ipairs over a map gave a child") end
              if index > length then error("ipairs ran past #") end
            end
          end
          local _ = fact.lookup(node, "a.1.b"), node["1"], node[1], node[0], node[-1]
          if reported < 50 then
            reported = reported + 1
            report.fail{
              message = tostring(kind) .. " " .. tostring(where) .. " " .. text
                .. (type(value) == "string" and (" " .. value) or ""),
              at = node,
              target = type(value) == "string" and value or nil,
              data = value,
            }
          end
        end
        walk(facts, 0)
      end,
    }
    """

  /// One engine for the whole run: states are reused across inputs, as in a long scan.
  static let engine: PolicyEngine = {
    let root = FileManager.default.temporaryDirectory
      .appendingPathComponent("parapet-fuzz-pack-\(getpid())")
    try? FileManager.default.createDirectory(
      at: root.appendingPathComponent("rules"), withIntermediateDirectories: true)
    try! Data("name = \"fuzz\"\nversion = \"1.0.0\"\ndescription = \"fuzz\"\n".utf8)
      .write(to: root.appendingPathComponent("pack.toml"))
    try! Data(walker.utf8).write(to: root.appendingPathComponent("rules/walk.lua"))
    let pack = try! Pack.load(from: root)
    return try! PolicyEngine(packs: [pack], limits: limits)
  }()

  public static func run(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    var tree = FactTree()
    var decoder = FactDecoder(bytes)
    tree.set(["fuzz"], decoder.decode())
    let evaluations = engine.evaluate(tree)
    for finding in evaluations.flatMap(\.findings) where finding.status == .error {
      let message = finding.message
      let isLimit = ["limit exceeded", "not enough memory", "stack overflow", "findings from one rule"]
        .contains { message.contains($0) }
      fuzzInvariant(isLimit, "the walker rule failed: \(message)")
    }
    let report = ScanReport(targets: ["fuzz"], packs: evaluations, evidenceErrors: [])
    renderEverywhere(report)
    return 0
  }

  /// Renders a report in every format and checks the two whose escaping is fixed: the plain
  /// text report has no terminal escapes, the JSON report parses.
  public static func renderEverywhere(_ report: ScanReport) {
    for format in Reporters.formats {
      guard let reporter = Reporters.reporter(for: format, color: false, verbose: true) else {
        fuzzInvariant(false, "Reporters.formats lists '\(format)' but reporter(for:) has none")
        return
      }
      let output = reporter.render(report)
      switch format {
      case "text":
        fuzzInvariant(!output.unicodeScalars.contains("\u{1B}"), "the text report carries an ESC")
      case "json":
        let parsed = try? JSONSerialization.jsonObject(with: Data(output.utf8))
        fuzzInvariant(parsed != nil, "the JSON report does not parse")
      default: break
      }
    }
  }
}

/// Builds a fact tree from bytes: a small stack machine, so every shape (deep nesting, keys
/// named like node methods, NUL bytes, invalid UTF-8, NaN, secrets, unknowns) is reachable.
struct FactDecoder {
  var bytes: [UInt8]
  var index = 0

  init(_ bytes: [UInt8]) { self.bytes = bytes }

  enum Frame {
    case list([Fact], SourceLocation?)
    case map(OrderedDictionary<String, Fact>, SourceLocation?, pendingKey: String?)
  }

  mutating func next() -> UInt8? {
    guard index < bytes.count else { return nil }
    defer { index += 1 }
    return bytes[index]
  }

  mutating func text() -> String {
    let count = Int(next() ?? 0) % 40
    let end = min(bytes.count, index + count)
    let slice = bytes[index..<end]
    index = end
    return String(decoding: slice, as: UTF8.self)
  }

  mutating func location() -> SourceLocation? {
    guard let byte = next() else { return nil }
    if byte % 4 == 0 { return nil }
    return SourceLocation(file: "fuzz/\(byte % 7).txt", line: Int(byte), column: byte % 3 == 0 ? nil : Int(byte % 80))
  }

  mutating func decode() -> Fact {
    var stack: [Frame] = [.map([:], nil, pendingKey: nil)]
    func add(_ fact: Fact, to stack: inout [Frame], key: String) {
      switch stack.removeLast() {
      case .list(var items, let at):
        items.append(fact)
        stack.append(.list(items, at))
      case .map(var entries, let at, _):
        entries[key] = fact
        stack.append(.map(entries, at, pendingKey: nil))
      }
    }
    func close(_ stack: inout [Frame], key: String) {
      guard stack.count > 1 else { return }
      let fact: Fact
      switch stack.removeLast() {
      case .list(let items, let at): fact = .list(items, at: at)
      case .map(let entries, let at, _): fact = .map(entries, at: at)
      }
      add(fact, to: &stack, key: key)
    }
    while let op = next() {
      let key = text()
      switch op % 12 {
      case 0 where stack.count < 400: stack.append(.map([:], location(), pendingKey: key))
      case 1 where stack.count < 400: stack.append(.list([], location()))
      case 2: close(&stack, key: key)
      case 3: add(.string(text(), at: location()), to: &stack, key: key)
      case 4:
        var number: Int64 = 0
        for _ in 0..<8 { number = number << 8 | Int64(next() ?? 0) }
        add(Fact(.integer(number), at: location()), to: &stack, key: key)
      case 5:
        var pattern: UInt64 = 0
        for _ in 0..<8 { pattern = pattern << 8 | UInt64(next() ?? 0) }
        add(.number(Double(bitPattern: pattern), at: location()), to: &stack, key: key)
      case 6: add(.bool((next() ?? 0) & 1 == 1, at: location()), to: &stack, key: key)
      case 7: add(.null(at: location()), to: &stack, key: key)
      case 8: add(.unknown(text(), dependsOn: [text()], at: location()), to: &stack, key: key)
      case 9: add(.secret(text(), at: location()), to: &stack, key: key)
      case 10:
        let names = ["value", "kind", "get", "lookup", "where", "known", "__index", "1", ""]
        add(.string(text(), at: location()), to: &stack, key: names[Int(next() ?? 0) % names.count])
      default: add(.integer(Int(op), at: location()), to: &stack, key: key)
      }
    }
    while stack.count > 1 { close(&stack, key: "closed\(stack.count)") }
    if case .map(let entries, _, _) = stack[0] { return .map(entries) }
    return .map([:])
  }
}
