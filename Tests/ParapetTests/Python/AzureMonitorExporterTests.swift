import Testing

@testable import ParapetPython

/// Azure Monitor exporters parse their connection string when they are made. Expectations from
/// azure-monitor-opentelemetry-exporter (Signalen's lock) on CPython 3.12, same inputs.
@Suite("Azure Monitor exporters and their connection string")
struct AzureMonitorExporterTests {
  static func build(_ connectionString: String, environment: [String: String] = [:]) -> PythonEvaluation.Result {
    PythonEvaluation.project("""
      from azure.monitor.opentelemetry.exporter import AzureMonitorTraceExporter
      exporter = AzureMonitorTraceExporter(connection_string=\(connectionString))
      """, environment: environment)
  }

  @Test func malformedStringsRaiseValueError() {
    for (given, message) in [
      ("'signals-application-insights'", "Invalid connection string"), ("''", "Invalid connection string"),
      ("'InstrumentationKey=12345678-1234-1234-1234-123456789ABC'", "Invalid instrumentation key. It should be a valid UUID."),
      ("'InstrumentationKey=x;Authorization=aad'", "Invalid authorization mechanism"),
      ("'IngestionEndpoint=https://x'", "Instrumentation key cannot be none or empty."),
    ] {
      let result = Self.build(given)
      #expect(result.loadErrors.map(\.type) == ["ValueError"], "\(given)")
      #expect(result.loadErrors.first?.message.hasSuffix(message) == true, "\(given)")
    }
  }

  @Test func aValidKeyLoads() {
    #expect(Self.build("'InstrumentationKey=12345678-1234-1234-1234-123456789abc'").loadErrors.isEmpty)
    // None: the key comes from the environment's connection string.
    let fromEnvironment = Self.build(
      "None", environment: ["APPLICATIONINSIGHTS_CONNECTION_STRING": "InstrumentationKey=12345678-1234-1234-1234-123456789abc"])
    #expect(fromEnvironment.loadErrors.isEmpty)
  }
}
