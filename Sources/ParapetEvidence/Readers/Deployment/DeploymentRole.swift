import Foundation
/// Guesses whether a deployment file describes production or a developer's machine.
///
/// Projects keep both side by side (`docker-compose.override.yml`, `compose/local/…`,
/// `Dockerfile.dev`), and a `runserver` in a development file is normal while the same line in
/// the production image is a finding. Only names decide: a file says nothing else about where
/// it runs. `default` means no marker either way; rules treat it as production.
public enum DeploymentRole {
  static let developmentMarkers = ["override", "local", "dev", "develop", "development", "test", "ci", "debug"]
  static let productionMarkers = ["prod", "production", "live", "release", "staging"]

  /// `production`, `development` or `default` for a path and optional extra names (a stage,
  /// a service).
  public static func of(path: String, names: [String] = []) -> String {
    let words = tokens(path) + names.flatMap(tokens)
    if words.contains(where: productionMarkers.contains) { return "production" }
    if words.contains(where: developmentMarkers.contains) { return "development" }
    return "default"
  }

  /// Lower-case words of a path or name, split on every non-alphanumeric character.
  static func tokens(_ text: String) -> [String] {
    text.lowercased().split { !($0.isLetter || $0.isNumber) }.map(String.init)
  }
}
