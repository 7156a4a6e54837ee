import ParapetFacts
import ParapetPython

/// Data sets the engine offers every pack through `data(name)`, beside the pack's own
/// `data/*.json`: knowledge that Swift also needs, kept in one place (docs/facts/views.md).
///
/// - `django-global-settings`: Django's defaults by name, with the releases where one changed
///   (`DjangoGlobalSettings`, which the Python evaluator uses for `global_settings.X`).
public enum BuiltinData {
  /// Name → data set, sorted by name.
  public static func sets() -> [(String, Fact)] {
    [("django-global-settings", cachedDjangoGlobalSettings)]
  }

  private static let cachedDjangoGlobalSettings = DjangoGlobalSettings.dataSet()
}
