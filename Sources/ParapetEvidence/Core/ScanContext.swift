import Foundation
import ParapetPython

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
  /// True when the user gave the production environment (`--env`, `--env-file`, `[env]` or
  /// `env_files` in `parapet.toml`), even an empty one: settings are then evaluated under
  /// exactly it, and deployment files fill no gaps. When false, every runtime the deployment
  /// files start Django in is evaluated as its own target (docs/facts/django.md, "Environment").
  /// Defaults to whether `environment` is non-empty.
  public var environmentGiven: Bool
  /// `--runtime NAME`: evaluate only these runtimes (names as reported, e.g.
  /// `docker-compose.yml service web`, or a unique part of one), development ones included.
  public var runtimes: [String] = []
  /// `--include-dev-runtimes`: also evaluate runtimes that are plainly development.
  public var includeDevelopmentRuntimes = false
  /// What the user said about the server's files outside the project folder: `--server-dir`,
  /// `--server-missing` and `[server]` in `parapet.toml` (`ServerFolders`).
  public var serverFolders = ServerFolders()
  /// Files of the checkout that the runtime's image writes over it (`COPY docker/settings.py
  /// $APP_DIR/fvserver/` after `COPY / $APP_DIR`), by bundle path, with the COPY's location: a
  /// settings module the scan lacks may be one of them, so its absence is not certain.
  public var imageFiles: [String: String] = [:]
  /// The Python packages installed where Django runs (`--site-packages`, `[server]
  /// site_packages`), when the user gave them: read a file at a time, when the settings need one.
  public var installedPackages: InstalledPackages?

  public init(
    environment: [String: String] = [:], environmentSources: [String: String] = [:],
    djangoSettingsModule: String? = nil, options: [String: String] = [:], environmentGiven: Bool? = nil
  ) {
    self.environmentGiven = environmentGiven ?? !environment.isEmpty
    self.environment = environment
    self.environmentSources = environmentSources
    self.djangoSettingsModule = djangoSettingsModule
    self.options = options
  }
}
