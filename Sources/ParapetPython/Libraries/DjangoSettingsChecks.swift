import OrderedCollections
import ParapetFacts

/// What Django's `Settings.__init__` refuses while it builds the settings object from the
/// settings module, by release: the project's one table of it. The evaluator applies it where
/// code reads `django.conf.settings` while the module is still importing (the half-run module
/// is built then, `DjangoConfSettings`); the owasp-django pack applies it to the finished
/// settings through the built-in data set (`data("django-global-settings").construction`).
public enum DjangoSettingsChecks {
  /// A setting that must be a list or a tuple, from release `since` ("0": every release).
  public struct Sequence: Sendable {
    public var name: String
    public var since: String
  }

  /// Two settings refused together (each set in the module, whatever the value), in the
  /// releases [since, before) that had the transition.
  public struct Exclusive: Sendable {
    public var old: String
    public var new: String
    public var since: String
    public var before: String
  }

  public static let sequences: [Sequence] = [
    Sequence(name: "INSTALLED_APPS", since: "0"),
    Sequence(name: "TEMPLATE_DIRS", since: "0"),
    Sequence(name: "LOCALE_PATHS", since: "0"),
    Sequence(name: "ALLOWED_HOSTS", since: "4.0"),
    Sequence(name: "SECRET_KEY_FALLBACKS", since: "4.1"),
  ]

  /// Deprecated settings refused next to the setting that replaces them, in the releases
  /// [since, before): Django names every deprecated one set, sorted, after `message`.
  public struct ExclusiveGroup: Sendable {
    public var new: String
    public var old: [String]
    public var since: String
    public var before: String
    public var message: String
  }

  public static let exclusiveGroups: [ExclusiveGroup] = [
    // Django 6.1's MAILERS (`_check_email_settings_conflicts`, RemovedInDjango70Warning).
    ExclusiveGroup(
      new: "MAILERS",
      old: [
        "EMAIL_BACKEND", "EMAIL_FILE_PATH", "EMAIL_HOST", "EMAIL_HOST_PASSWORD", "EMAIL_HOST_USER", "EMAIL_PORT",
        "EMAIL_SSL_CERTFILE", "EMAIL_SSL_KEYFILE", "EMAIL_TIMEOUT", "EMAIL_USE_SSL", "EMAIL_USE_TLS",
      ],
      since: "6.1", before: "7.0", message: "Deprecated email settings are not allowed when MAILERS is defined: "),
  ]

  public static let exclusive: [Exclusive] = [
    Exclusive(old: "PASSWORD_RESET_TIMEOUT_DAYS", new: "PASSWORD_RESET_TIMEOUT", since: "3.1", before: "4.0"),
    Exclusive(old: "DEFAULT_FILE_STORAGE", new: "STORAGES", since: "4.2", before: "5.1"),
    Exclusive(old: "STATICFILES_STORAGE", new: "STORAGES", since: "4.2", before: "5.1"),
  ]

  /// Releases before this one refused an empty SECRET_KEY while building the object; later
  /// ones refuse it only when it is read.
  public static let emptySecretKeyRefusedBefore = "3.2"

  /// The error `Settings.__init__` of Django `series` raises for the upper-case names a module
  /// binds (`names`), a reason when that is not known, or nil when it builds the object.
  static func problem(_ names: [String: PythonValue], series: String) -> (error: String?, doubt: String?) {
    func atLeast(_ release: String) -> Bool { !DjangoGlobalSettings.isOlder(series, than: release) }
    for sequence in sequences where atLeast(sequence.since) {
      guard let value = names[sequence.name] else { continue }
      switch value.kind {
      case .list, .tuple: continue
      case .unknown, .opaque, .object: return (nil, "whether \(sequence.name) is a list or a tuple is not known")
      default: return ("The \(sequence.name) setting must be a list or a tuple.", nil)
      }
    }
    for pair in exclusive where atLeast(pair.since) && !atLeast(pair.before) {
      if names[pair.old] != nil && names[pair.new] != nil { return ("\(pair.old)/\(pair.new) are mutually exclusive.", nil) }
    }
    for group in exclusiveGroups where atLeast(group.since) && !atLeast(group.before) && names[group.new] != nil {
      let set = group.old.filter { names[$0] != nil }.sorted()
      if !set.isEmpty { return (group.message + set.joined(separator: ", ") + ".", nil) }
    }
    if !atLeast(emptySecretKeyRefusedBefore) {
      // Not bound yet counts as empty: the default is "".
      switch names["SECRET_KEY"]?.truthiness {
      case true?: break
      case nil where names["SECRET_KEY"] != nil: return (nil, "whether SECRET_KEY is empty is not known")
      default: return ("The SECRET_KEY setting must not be empty.", nil)
      }
    }
    return (nil, nil)
  }

  /// The `construction` table of the built-in data set.
  static func fact(at location: SourceLocation) -> Fact {
    .map(
      [
        "sequences": .list(sequences.map { entry in
          .map(["name": .string(entry.name, at: location), "since": .string(entry.since, at: location)], at: location)
        }, at: location),
        "exclusive": .list(exclusive.map { pair in
          .map(
            [
              "old": .string(pair.old, at: location), "new": .string(pair.new, at: location),
              "since": .string(pair.since, at: location), "before": .string(pair.before, at: location),
            ], at: location)
        }, at: location),
        "exclusive_groups": .list(exclusiveGroups.map { group in
          .map(
            [
              "new": .string(group.new, at: location),
              "old": .list(group.old.map { .string($0, at: location) }, at: location),
              "since": .string(group.since, at: location), "before": .string(group.before, at: location),
              "message": .string(group.message, at: location),
            ], at: location)
        }, at: location),
        "empty_secret_key_refused_before": .string(emptySecretKeyRefusedBefore, at: location),
      ], at: location)
  }
}
