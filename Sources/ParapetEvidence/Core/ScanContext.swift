import Foundation

/// What a scan knows besides the evidence files: the production environment and options.
public struct ScanContext: Sendable {
  /// The production environment (`--env`, `--env-file`), with the real values. Readers use
  /// them to evaluate settings; facts only ever carry secrets as fingerprints.
  public var environment: [String: String]
  /// Where each environment value came from (`--env`, or `file:line` of an env file).
  public var environmentSources: [String: String]
  /// `--django-settings MODULE`, when given.
  public var djangoSettingsModule: String?
  /// Reader options by name (from `parapet.toml` or the CLI).
  public var options: [String: String]

  public init(
    environment: [String: String] = [:], environmentSources: [String: String] = [:],
    djangoSettingsModule: String? = nil, options: [String: String] = [:]
  ) {
    self.environment = environment
    self.environmentSources = environmentSources
    self.djangoSettingsModule = djangoSettingsModule
    self.options = options
  }
}
