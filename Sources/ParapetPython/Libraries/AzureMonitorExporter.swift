import ParapetFacts

/// Azure Monitor's OpenTelemetry exporters (`azure-monitor-opentelemetry-exporter`):
/// `AzureMonitorTraceExporter(connection_string=...)` and its Log and Metric twins parse the
/// connection string when they are made, so settings that build them at import (Amsterdam's
/// Signalen, behind a feature flag) do not load with a malformed one. The checks, in the
/// library's order (`_connection_string_parser.ConnectionStringParser`, read in 1.0.0b4x):
///
/// - the given string and `$APPLICATIONINSIGHTS_CONNECTION_STRING` are each split on `;` into
///   `key=value` pairs (a part without exactly one `=`, the empty string too, raises
///   `ValueError: Invalid connection string`), keys compared in lower case; an `Authorization`
///   other than `ikey` raises `ValueError: Invalid authorization mechanism`;
/// - the instrumentation key is the given string's, else the variable's, else
///   `$APPINSIGHTS_INSTRUMENTATIONKEY`: none raises `Instrumentation key cannot be none or
///   empty.`, one that is not a lower-case UUID `Invalid instrumentation key. It should be a
///   valid UUID.`
///
/// The exporter itself is unknown; nothing is sent while the settings load.
extension PythonEvaluator {
  static let azureMonitorExporters: Set<String> = [
    "azure.monitor.opentelemetry.exporter.AzureMonitorTraceExporter",
    "azure.monitor.opentelemetry.exporter.AzureMonitorLogExporter",
    "azure.monitor.opentelemetry.exporter.AzureMonitorMetricExporter",
  ]

  func azureMonitorExporterCall(
    _ name: String, _ positional: [PythonValue], _ keywords: [(String, PythonValue)], at location: SourceLocation
  ) throws(PythonException) -> PythonValue? {
    guard Self.azureMonitorExporters.contains(name) else { return nil }
    let exporter = PythonValue.unknown("the exporter \(name) makes", at: location)
    // The exporters take keyword arguments only.
    guard positional.isEmpty else { return exporter }
    let given = keywords.first(where: { $0.0 == "connection_string" })?.1
    var code: String?
    if let given {
      switch given.kind {
      case .none: code = nil
      case .string(let text): code = text
      default: return exporter
      }
    }
    // A variable Parapet does not know may hold anything.
    let variables = ["APPLICATIONINSIGHTS_CONNECTION_STRING", "APPINSIGHTS_INSTRUMENTATIONKEY"]
    if variables.contains(where: { unknownVariables[$0] != nil }) { return exporter }
    let problem: String?
    do throws(AzureConnectionStringError) {
      problem = try Self.azureInstrumentationKeyProblem(
        code: code, environmentString: environment["APPLICATIONINSIGHTS_CONNECTION_STRING"],
        environmentKey: environment["APPINSIGHTS_INSTRUMENTATIONKEY"])
    } catch {
      throw PythonException(type: "ValueError", message: "\(name)(): \(error.message)", location: location, uses: given?.uses ?? [])
    }
    if let problem {
      throw PythonException(type: "ValueError", message: "\(name)(): \(problem)", location: location, uses: given?.uses ?? [])
    }
    return exporter
  }

  struct AzureConnectionStringError: Error { var message: String }

  /// The parsed pairs of a connection string, keys in lower case.
  static func azureConnectionString(_ text: String?) throws(AzureConnectionStringError) -> [String: String] {
    guard let text else { return [:] }
    var pairs: [String: String] = [:]
    for part in text.split(separator: ";", omittingEmptySubsequences: false) {
      let sides = part.split(separator: "=", omittingEmptySubsequences: false)
      guard sides.count == 2 else { throw AzureConnectionStringError(message: "Invalid connection string") }
      pairs[sides[0].lowercased()] = String(sides[1])
    }
    if let authorization = pairs["authorization"], authorization.lowercased() != "ikey" {
      throw AzureConnectionStringError(message: "Invalid authorization mechanism")
    }
    return pairs
  }

  /// Why the exporter refuses its instrumentation key, or nil when it takes it.
  static func azureInstrumentationKeyProblem(
    code: String?, environmentString: String?, environmentKey: String?
  ) throws(AzureConnectionStringError) -> String? {
    let fromCode = try azureConnectionString(code)
    let fromEnvironment = try azureConnectionString(environmentString)
    let candidates = [fromCode["instrumentationkey"], fromEnvironment["instrumentationkey"], environmentKey]
    guard let key = candidates.compactMap({ $0 }).first(where: { !$0.isEmpty }) else {
      return "Instrumentation key cannot be none or empty."
    }
    return isLowerCaseUUID(key) ? nil : "Invalid instrumentation key. It should be a valid UUID."
  }

  /// `^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$` as `re.match` reads it
  /// (`$` also matches before a final newline).
  static func isLowerCaseUUID(_ text: String) -> Bool {
    var body = Substring(text)
    if body.hasSuffix("\n") { body = body.dropLast() }
    let groups = body.split(separator: "-", omittingEmptySubsequences: false)
    guard groups.map(\.count) == [8, 4, 4, 4, 12] else { return false }
    return groups.allSatisfy { $0.allSatisfy { ("0"..."9").contains($0) || ("a"..."f").contains($0) } }
  }
}
