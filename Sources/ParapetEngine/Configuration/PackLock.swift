import Foundation
import ParapetFacts

/// `parapet.lock`: the exact packs a project was reviewed with (name, version, where from and a
/// SHA-256 of the contents). A scan refuses a pack whose contents changed since the lock.
public struct PackLock: Sendable, Hashable {
  public struct Entry: Sendable, Hashable {
    public var name: String
    public var version: String
    public var source: String
    public var sha256: String
    /// The pack's plugins (`PackPlugin.lockValue`: `reference=sha256`), sorted.
    public var plugins: [String] = []
  }

  public var entries: [Entry]

  public init(packs: [Pack], relativeTo folder: URL?) {
    entries = packs.map { pack in
      var source = pack.isShipped ? "shipped" : pack.root.path
      if !pack.isShipped, let folder, source.hasPrefix(folder.path + "/") {
        source = "./" + String(source.dropFirst(folder.path.count + 1))
      }
      return Entry(
        name: pack.name, version: pack.version, source: source, sha256: pack.digest,
        plugins: pack.plugins.map(\.lockValue).sorted())
    }.sorted { $0.name < $1.name }
  }

  /// The lock file's text (TOML, stable order).
  public var text: String {
    var out = "# parapet.lock: written by `parapet lock`. Do not edit; run `parapet lock` again after changing a pack.\n"
    for entry in entries {
      out += "\n[[pack]]\nname = \"\(entry.name)\"\nversion = \"\(entry.version)\"\nsource = \"\(entry.source)\"\nsha256 = \"\(entry.sha256)\"\n"
      if !entry.plugins.isEmpty {
        out += "plugins = [\(entry.plugins.map { "\"\($0)\"" }.joined(separator: ", "))]\n"
      }
    }
    return out
  }

  /// Where `parapet lock` writes and `parapet scan` looks when neither is told: the `lock`
  /// setting of the project's `parapet.toml` (default `parapet.lock` next to it); without a
  /// `parapet.toml`, `parapet.lock` in the project folder (see `ProjectConfiguration.projectFolder`).
  public static func defaultLocation(project: ProjectConfiguration?, projectFolder: URL) -> URL {
    if let project { return URL(fileURLWithPath: project.resolve(project.lockFile ?? "parapet.lock")) }
    return projectFolder.appendingPathComponent("parapet.lock").standardizedFileURL
  }

  public static func load(_ url: URL) throws -> PackLock {
    let text: String
    do {
      text = try BoundedFile.text(url.path, limit: 4 << 20)
    } catch {
      throw ConfigurationError("cannot read the lock file \(error)")
    }
    // The project's one TOML parser reads the lock like every other TOML file.
    let document: TOMLNode
    do {
      document = try TOMLNode.parse(text, file: url.path)
    } catch {
      throw ConfigurationError("\(url.path):\(error.line): invalid TOML: \(error.message)")
    }
    guard let packs = document["pack"] else { return PackLock(entries: []) }
    guard let items = packs.array else {
      throw ConfigurationError("\(url.path):\(packs.line ?? 1): expected [[pack]] tables")
    }
    var entries: [Entry] = []
    for item in items {
      guard let table = item.table else {
        throw ConfigurationError("\(url.path):\(item.line ?? 1): expected [[pack]] tables")
      }
      if let name = table["name"]?.string, let digest = table["sha256"]?.string {
        let plugins = (table["plugins"]?.array ?? []).compactMap(\.string).sorted()
        entries.append(Entry(
          name: name, version: table["version"]?.string ?? "", source: table["source"]?.string ?? "", sha256: digest,
          plugins: plugins))
      }
    }
    return PackLock(entries: entries)
  }

  init(entries: [Entry]) { self.entries = entries }

  /// Problems with `packs` against this lock: changed contents or packs the lock lacks.
  public func problems(with packs: [Pack]) -> [String] {
    var problems: [String] = []
    for pack in packs {
      guard let entry = entries.first(where: { $0.name == pack.name }) else {
        problems.append("pack \(pack.name) \(pack.version) is not in the lock file; run `parapet lock` to add it")
        continue
      }
      if entry.sha256 != pack.digest {
        problems.append(
          "pack \(pack.name) changed since the lock (locked \(entry.version) sha256:\(entry.sha256.prefix(12)), now \(pack.version) sha256:\(pack.digest.prefix(12))); review it and run `parapet lock`, or pass --no-lock-check")
      }
      let plugins = pack.plugins.map(\.lockValue).sorted()
      if entry.sha256 == pack.digest, entry.plugins != plugins {
        let changed = plugins.filter { !entry.plugins.contains($0) }.map { String($0.prefix { $0 != "=" }) }
        let dropped = entry.plugins.filter { !plugins.contains($0) }.map { String($0.prefix { $0 != "=" }) }
        problems.append(
          "the plugins of pack \(pack.name) changed since the lock (now: \(changed.isEmpty ? "none new" : changed.joined(separator: ", ")); no longer as locked: \(dropped.isEmpty ? "none" : dropped.joined(separator: ", "))); review them and run `parapet lock`, or pass --no-lock-check")
      }
    }
    return problems
  }
}
