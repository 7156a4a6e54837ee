import Foundation

/// Finds shipped packs and plugins: `Policies/` and `Plugins/` next to the project, or where
/// `PARAPET_HOME` points.
public enum PackLocator {
  /// The folder holding `Policies/` and `Plugins/`: `$PARAPET_HOME`, else the first parent of
  /// the executable or of the working directory that has a `Policies/` folder.
  public static func home() -> URL? {
    let manager = FileManager.default
    if let home = ProcessInfo.processInfo.environment["PARAPET_HOME"], !home.isEmpty {
      return URL(fileURLWithPath: home)
    }
    var candidates: [URL] = []
    let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath()
    candidates.append(executable.deletingLastPathComponent())
    candidates.append(URL(fileURLWithPath: manager.currentDirectoryPath))
    for start in candidates {
      var folder = start.standardizedFileURL
      for _ in 0..<8 {
        if manager.fileExists(atPath: folder.appendingPathComponent("Policies/").path) {
          return folder
        }
        let parent = folder.deletingLastPathComponent()
        if parent.path == folder.path { break }
        folder = parent
      }
    }
    for shared in ["/usr/local/share/parapet", "/usr/share/parapet"]
    where manager.fileExists(atPath: shared + "/Policies") {
      return URL(fileURLWithPath: shared)
    }
    return nil
  }

  public static var policiesFolder: URL? { home()?.appendingPathComponent("Policies") }
  public static var pluginsFolder: URL? { home()?.appendingPathComponent("Plugins") }

  /// Names of the shipped packs.
  public static func shippedPackNames() -> [String] {
    guard let folder = policiesFolder,
      let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path)
    else { return [] }
    return names.filter {
      FileManager.default.fileExists(atPath: folder.appendingPathComponent("\($0)/pack.toml").path)
    }.sorted()
  }

  /// Loads a pack named in another pack's `extends` (folders relative to that pack).
  static func load(_ reference: String, relativeTo folder: URL) throws -> Pack {
    if reference.hasPrefix(".") {
      return try Pack.load(from: folder.appendingPathComponent(reference).standardizedFileURL)
    }
    return try load(reference)
  }

  /// Loads a pack by shipped name or folder path.
  public static func load(_ reference: String) throws -> Pack {
    let manager = FileManager.default
    var isDirectory: ObjCBool = false
    if reference.contains("/") || reference.hasPrefix(".")
      || (manager.fileExists(atPath: reference, isDirectory: &isDirectory) && isDirectory.boolValue
        && manager.fileExists(atPath: reference + "/pack.toml"))
    {
      return try Pack.load(from: URL(fileURLWithPath: reference).standardizedFileURL)
    }
    guard let folder = policiesFolder?.appendingPathComponent(reference),
      manager.fileExists(atPath: folder.appendingPathComponent("pack.toml").path)
    else {
      let known = shippedPackNames().joined(separator: ", ")
      throw PackError.notFound(
        "no pack named '\(reference)' (shipped packs: \(known.isEmpty ? "none found" : known); give a folder path for others)")
    }
    return try Pack.load(from: folder, shipped: true)
  }
}
