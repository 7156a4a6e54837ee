import ParapetFacts
import ParapetPython

/// `DJANGO_SETTINGS_MODULE` as Django reads it: the given environment's value, changed by the
/// entry point's `os.environ` writes in the order they ran, as Python applies them. A forced
/// write (`os.environ[...] = …`, `update`) replaces the value; `setdefault` (and
/// `load_dotenv()` without `override`) only fills in a variable that is not set, so one after a
/// forced write does nothing. A write Parapet cannot decide (in a branch it cannot decide, of a
/// value or under a name it cannot evaluate) leaves the module unknown, with how to decide.
enum DjangoSettingsVariable {
  enum State: Equatable {
    case unset
    /// The module, where it was set, and whether the entry point set it (not the environment).
    case set(String, at: SourceLocation?, byEntry: Bool)
    case undecided(String)

    var module: String? {
      if case .set(let module, _, _) = self { return module }
      return nil
    }
  }

  static let name = "DJANGO_SETTINGS_MODULE"

  /// Applies `writes` (made by `entry`) to `initial`.
  static func fold(_ initial: State, writes: [EnvironmentWrite], entry: String) -> State {
    var state = initial
    for write in writes where write.name == nil || write.name == name {
      if case .undecided = state { return state }
      let remedy = write.action == .setdefault
        ? "give DJANGO_SETTINGS_MODULE with --env to name the module Django runs with"
        : "name the module Django runs with --django-settings MODULE (a forced assignment overrides --env)"
      guard write.name != nil else {
        // A setdefault under an unknown name cannot change a variable that is set.
        if write.action == .setdefault, state != .unset { continue }
        return .undecided(
          "\(entry) changes os.environ at \(write.location) under a name Parapet cannot evaluate, which may be "
            + "DJANGO_SETTINGS_MODULE: \(remedy)")
      }
      let next: State
      switch write.action {
      case .remove: next = .unset
      case .setdefault where state != .unset: next = state
      case .assign, .setdefault:
        guard let module = write.value?.stringValue else {
          let why = write.value?.unknownReason ?? write.value?.typeName ?? "no value"
          return .undecided(
            "\(entry) sets DJANGO_SETTINGS_MODULE at \(write.location) to a value Parapet cannot evaluate (\(why)): \(remedy)")
        }
        next = .set(module, at: write.location, byEntry: true)
      }
      if write.certain {
        state = next
      } else if next.module != state.module {
        // It may or may not run, and the two outcomes differ.
        return .undecided("\(entry) sets DJANGO_SETTINGS_MODULE at \(write.location) in a branch Parapet cannot decide: \(remedy)")
      }
    }
    return state
  }
}
