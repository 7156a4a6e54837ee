import CLuaSandbox
import ParapetFacts

/// A finding as a rule reported it, before the engine adds the rule's metadata.
struct RawReport: Sendable {
  var status: FindingStatus
  var message: String?
  var location: SourceLocation?
  var result: String?
  var scoreModifier: Int?
  var severity: Severity?
  var target: String?
  var data: JSONValue?
  /// The Django check this finding reproduces, for a rule that covers several (`django_check=`).
  var djangoCheck: String?
}

/// The `report` table given to `check`: `report.fail{…}`, `report.pass{…}`,
/// `report.not_applicable{…}`, `report.unknown{…}`.
enum ReportCallbacks {
  static let maximumReports = 10_000
  /// Bytes (UTF-8) of a message, target or result; longer text is cut at a scalar boundary.
  /// Bytes, not characters: one character can carry any number of combining marks.
  static let maximumMessage = 4_000
  /// Bytes of text and data the findings of one rule evaluation may hold in the host. The Lua
  /// memory cap does not cover copies made here, so this bounds them.
  static let maximumReportBytes = 16 << 20
  static let fields: Set<String> = [
    "message", "at", "result", "score_modifier", "severity", "target", "data", "django_check",
  ]

  /// Builds the report table on the stack (read-only) and returns it as a registry ref.
  static func make(_ state: LuaState) throws -> Int32 {
    let L = state.L
    let context = Unmanaged.passUnretained(state.bridge).toOpaque()
    psb_createtable(L, 0, 4)
    let entries: [(String, psb_swiftfn)] = [
      ("fail", failHandler), ("pass", passHandler), ("not_applicable", notApplicableHandler),
      ("unknown", unknownHandler),
    ]
    for (name, handler) in entries {
      LuaState.push(L, name)
      psb_pushswiftfn(L, handler, context)
      psb_rawset(L, -3)
    }
    let status = psb_readonly(L)
    if status != PSB_OK { throw state.popError(status) }
    return state.ref()
  }

  static let failHandler: psb_swiftfn = { L, context in record(L!, context, .fail) }
  static let passHandler: psb_swiftfn = { L, context in record(L!, context, .pass) }
  static let notApplicableHandler: psb_swiftfn = { L, context in
    record(L!, context, .notApplicable)
  }
  static let unknownHandler: psb_swiftfn = { L, context in record(L!, context, .unknown) }

  private static func record(
    _ L: OpaquePointer, _ context: UnsafeMutableRawPointer?, _ status: FindingStatus
  ) -> Int32 {
    let bridge = LuaBridge.bridge(context)
    let call = "report.\(status.rawValue)"
    guard bridge.acceptingReports else {
      return LuaBridge.fail(L, "\(call) called outside the rule's check")
    }
    if bridge.reports.isEmpty { bridge.reportBytes = 0 }
    guard bridge.reports.count < maximumReports else {
      psb_set_abort_reason(L, PSB_ABORT_OUTPUT)  // sticky: the rule's pcall cannot retry
      return LuaBridge.fail(L, "\(call): more than \(maximumReports) findings from one rule")
    }
    var report = RawReport(status: status)
    switch psb_type(L, 1) {
    case PSB_TNONE, PSB_TNIL: break
    case PSB_TSTRING: report.message = LuaState.string(L, 1)
    case PSB_TTABLE:
      psb_pushnil(L)
      while psb_next(L, 1) != 0 {
        // On an error only the message on top matters: the trampoline raises it.
        guard let key = LuaState.string(L, -2) else {
          return LuaBridge.fail(L, "\(call): fields must be named (message=, at=, …)")
        }
        guard fields.contains(key) else {
          return LuaBridge.fail(
            L, "\(call): unknown field '\(key)' (expected one of \(fields.sorted().joined(separator: ", ")))")
        }
        if let problem = read(L, key: key, into: &report, bridge: bridge) {
          return LuaBridge.fail(L, "\(call): \(problem)")
        }
        psb_pop(L, 1)
      }
    default:
      return LuaBridge.fail(L, "\(call) expects a table such as { message = \"…\", at = fact }")
    }
    report.message = report.message.map { capped($0, bytes: maximumMessage) }
    report.target = report.target.map { capped($0, bytes: maximumMessage) }
    report.result = report.result.map { capped($0, bytes: maximumMessage) }
    // Each finding also carries the rule's metadata (title, remediation, references): count it.
    let size = (report.message?.utf8.count ?? 0) + (report.target?.utf8.count ?? 0)
      + (report.result?.utf8.count ?? 0) + (report.data.map(approximateSize) ?? 0)
      + bridge.findingOverhead
    bridge.reportBytes += size
    guard bridge.reportBytes <= maximumReportBytes else {
      psb_set_abort_reason(L, PSB_ABORT_OUTPUT)
      return LuaBridge.fail(L, "\(call): the findings of one rule exceed \(maximumReportBytes >> 20) MiB")
    }
    bridge.reports.append(report)
    return 0
  }

  /// `text` cut to at most `bytes` bytes of UTF-8 (at a Unicode scalar boundary) plus "…".
  static func capped(_ text: String, bytes: Int) -> String {
    guard text.utf8.count > bytes else { return text }
    var kept = String.UnicodeScalarView()
    var used = 0
    for scalar in text.unicodeScalars {
      let width = UTF8.width(scalar)
      if used + width > bytes { break }
      kept.append(scalar)
      used += width
    }
    return String(kept) + "…"
  }

  /// Bytes a JSON value holds, roughly (strings and keys by length, 8 per other value).
  static func approximateSize(_ value: JSONValue) -> Int {
    switch value {
    case .string(let text): return text.utf8.count
    case .array(let items): return items.reduce(8) { $0 + approximateSize($1) }
    case .object(let pairs): return pairs.reduce(8) { $0 + $1.0.utf8.count + approximateSize($1.1) }
    default: return 8
    }
  }

  /// Reads one field of the argument table (value at -1). Returns a problem, or nil.
  private static func read(
    _ L: OpaquePointer, key: String, into report: inout RawReport, bridge: LuaBridge
  ) -> String? {
    let type = psb_type(L, -1)
    switch key {
    case "message", "result", "target":
      guard type == PSB_TSTRING || type == PSB_TNUMBER else { return "'\(key)' must be a string" }
      let text: String
      if type == PSB_TNUMBER {
        text = psb_isinteger(L, -1) != 0
          ? String(psb_tointeger(L, -1)) : String(psb_tonumber(L, -1))
      } else {
        text = LuaState.string(L, -1) ?? ""
      }
      if key == "message" { report.message = text }
      if key == "result" { report.result = text }
      if key == "target" { report.target = text }
    case "at":
      var node = psb_node()
      guard psb_tonode(L, -1, &node) != 0 else {
        return "'at' must be a fact node (for example facts.django.settings.DEBUG)"
      }
      guard let fact = bridge.fact(of: node) else {
        return "'at' is a fact node from an earlier bundle"
      }
      report.location = fact.location
    case "score_modifier":
      guard type == PSB_TNUMBER else { return "'score_modifier' must be a number" }
      let value = psb_tonumber(L, -1)
      guard value.isFinite, abs(value) < 1e9 else { return "'score_modifier' is out of range" }
      report.scoreModifier = Int(value.rounded())
    case "severity":
      guard let text = LuaState.string(L, -1), let severity = Severity(rawValue: text) else {
        return "'severity' must be one of info, low, medium, high, critical"
      }
      report.severity = severity
    case "django_check":
      guard type == PSB_TSTRING, let text = LuaState.string(L, -1) else { return "'django_check' must be a string" }
      // One of the rule's own `django:<id>` references, so reports never name a check the
      // rule's documentation does not.
      guard bridge.djangoChecks.contains(text) else {
        let listed = bridge.djangoChecks.sorted().joined(separator: ", ")
        return "'django_check' \(text) is not among the rule's django: references (\(listed.isEmpty ? "none" : listed))"
      }
      report.djangoCheck = text
    case "data":
      var budget = 10_000
      let value = LuaValue.read(L, -1, budget: &budget)
      report.data = value.json
    default: break
    }
    return nil
  }
}
