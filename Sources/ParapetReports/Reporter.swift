import ParapetEngine

/// Renders a scan report in one format.
public protocol Reporter: Sendable {
  /// The `--format` name.
  var format: String { get }
  /// The file extension for `--output FORMAT=FILE` defaults.
  var fileExtension: String { get }
  func render(_ report: ScanReport) -> String
}

/// The one list of report formats.
public enum Reporters {
  public static func reporter(
    for format: String, color: Bool = false, verbose: Bool = false,
    comparedWith previous: BaselineSnapshot? = nil
  ) -> (any Reporter)? {
    switch format {
    case "text": return TextReporter(color: color, verbose: verbose)
    case "json": return JSONReporter()
    case "sarif": return SARIFReporter()
    case "junit": return JUnitReporter()
    case "markdown": return MarkdownReporter(baseline: previous)
    case "html": return HTMLReporter()
    default: return nil
    }
  }

  public static let formats = ["text", "json", "sarif", "junit", "markdown", "html"]
}
