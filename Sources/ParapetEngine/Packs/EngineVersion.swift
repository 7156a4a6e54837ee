/// Parapet's version: what `requires` in pack.toml is checked against.
public enum EngineVersion {
  public static let current = "0.4.0"
  public static var semantic: SemanticVersion { SemanticVersion(current)! }

  /// The first version whose fact nodes read only the document: metadata comes from the `fact`
  /// library (`fact.value(node)`), and `node.value`, `node.kind`, … are the document's keys.
  /// A pack whose `requires` admits an older engine was written for the old names and would
  /// silently read nils, so it is refused with a pointer to the migration note.
  public static let factLibrary = SemanticVersion("0.4.0")!

  /// Where the migration from the old names to the fact library is described.
  public static let factLibraryMigration = "docs/writing-policies.md, \"Migrating to the fact library\""
}
