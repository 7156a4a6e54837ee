import Foundation

/// Finds shipped packs and plugins: `Policies/` and `Plugins/` next to the project, or where
/// `PARAPET_HOME` points.
public enum PackLocator {
  /// The folder holding `Policies/` and `Plugins/`: `$PARAPET_HOME`, else the first parent of
  /// the executable that has a `Policies/` folder, else the shared install folders.
  ///
  /// Never the working directory: a scan usually runs from the root of the repository it
  /// scans, and a repository's own `Policies/owasp-django/` must not pass for the shipped pack.
  public static func home() -> URL? {
    let manager = FileManager.default
    if let home = ProcessInfo.processInfo.environment["PARAPET_HOME"], !home.isEmpty {
      return URL(fileURLWithPath: home)
    }
    let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath()
    var folder = executable.deletingLastPathComponent().standardizedFileURL
    for _ in 0..<8 {
      if manager.fileExists(atPath: folder.appendingPathComponent("Policies/").path) {
        return folder
      }
      let parent = folder.deletingLastPathComponent()
      if parent.path == folder.path { break }
      folder = parent
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

  /// Loads a pack named in another pack's `extends` (folders relative to that pack). `chain`
  /// holds the real paths of the packs that led here: a pack met twice is a cycle. With a
  /// confinement (the extending pack came from an untrusted configuration) a folder must stay
  /// inside it. `site` (`pack.toml:line`) starts every error.
  static func load(
    _ reference: String, relativeTo folder: URL, confinement: PathConfinement?, chain: [String], at site: String
  ) throws -> Pack {
    var root: URL
    var shipped = false
    if reference.hasPrefix(".") || reference.contains("/") {
      if let confinement {
        do {
          root = URL(fileURLWithPath: try confinement.check(reference, from: folder.path, expect: .folder))
        } catch {
          throw PackError.invalid("\(site): `extends` path \(String(reflecting: reference)) \(error); a pack named by a parapet.toml in the scanned folder may only extend shipped packs or packs inside that folder")
        }
      } else if reference.hasPrefix("/") {
        root = URL(fileURLWithPath: reference)
      } else {
        root = folder.appendingPathComponent(reference).standardizedFileURL
      }
    } else {
      guard let shippedFolder = policiesFolder?.appendingPathComponent(reference),
        FileManager.default.fileExists(atPath: shippedFolder.appendingPathComponent("pack.toml").path)
      else {
        throw PackError.notFound("\(site): extends \(String(reflecting: reference)): no shipped pack of that name (give a folder as ./path or ../path)")
      }
      root = shippedFolder
      shipped = true
    }
    let real = PathConfinement.realPath(root.path) ?? root.path
    if let index = chain.firstIndex(of: real) {
      let cycle = (chain[index...] + [real]).map { ($0 as NSString).lastPathComponent }.joined(separator: " → ")
      throw PackError.invalid("\(site): extends cycle: \(cycle)")
    }
    do {
      return try Pack.load(from: root, shipped: shipped, confinement: shipped ? nil : confinement, chain: chain)
    } catch let error as PackError {
      if case .invalid(let message) = error, message.hasPrefix(site) { throw error }
      throw PackError.invalid("\(site): extends \(String(reflecting: reference)): \(error)")
    }
  }

  /// Loads a pack by shipped name or folder path. `confinement` is set for packs an untrusted
  /// configuration named (their folders were checked already; it governs their `extends`).
  ///
  /// A bare name is a shipped pack when there is one of that name, whatever folders the current
  /// folder holds; only a name typed on the command line (`--pack acme`) may also mean a folder
  /// `./acme`. So no folder of the scanned repository can stand in for a shipped pack.
  public static func load(_ reference: String, confinement: PathConfinement? = nil) throws -> Pack {
    let manager = FileManager.default
    if reference.contains("/") || reference.hasPrefix(".") {
      return try Pack.load(from: URL(fileURLWithPath: reference).standardizedFileURL, confinement: confinement)
    }
    if let folder = policiesFolder?.appendingPathComponent(reference),
      manager.fileExists(atPath: folder.appendingPathComponent("pack.toml").path)
    {
      return try Pack.load(from: folder, shipped: true)
    }
    var isDirectory: ObjCBool = false
    if confinement == nil, manager.fileExists(atPath: reference, isDirectory: &isDirectory), isDirectory.boolValue,
      manager.fileExists(atPath: reference + "/pack.toml")
    {
      return try Pack.load(from: URL(fileURLWithPath: reference).standardizedFileURL)
    }
    let known = shippedPackNames().joined(separator: ", ")
    throw PackError.notFound(
      "no pack named '\(reference)' (shipped packs: \(known.isEmpty ? "none found" : known); give a folder path for others, e.g. ./\(reference))")
  }
}
