/// Parapet's version: what `requires` in pack.toml is checked against.
public enum EngineVersion {
  public static let current = "0.3.0"
  public static var semantic: SemanticVersion { SemanticVersion(current)! }
}
