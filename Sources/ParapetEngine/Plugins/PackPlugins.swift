import Foundation
import ParapetEvidence
import ParapetFacts

/// A plugin a pack declares in `pack.toml` (`plugins = ["plugins/caddy.lua", "caddy"]`).
///
/// A reference with a `/` or ending in `.lua` is a file inside the pack, relative to its
/// folder; its bytes come from the pack's own contents, so the pack's digest covers it. A bare
/// name is a shipped plugin, `Plugins/<name>.lua`. `parapet scan`, `test`, `lock`, `explain` and
/// `docs` load every plugin of the packs they run; `parapet lock` records each one's SHA-256.
public struct PackPlugin: Sendable, Hashable {
  /// As written in pack.toml.
  public var reference: String
  /// Where the file is (for messages and the registry).
  public var path: String
  public var source: String
  /// SHA-256 of the file's bytes, hex.
  public var sha256: String
  /// True for a shipped plugin named by name.
  public var shipped: Bool
  /// The pack that declared it.
  public var pack: String

  /// What the lock records: `reference=sha256`.
  public var lockValue: String { "\(reference)=\(sha256)" }
}

/// Resolving and loading the plugins packs declare.
public enum PackPlugins {
  /// Why a reference as written cannot be a plugin reference, or nil.
  static func referenceProblem(_ reference: String) -> String? {
    if reference.isEmpty { return "is empty" }
    let bad = reference.unicodeScalars.first { $0.value < 0x20 || "\"\\=,".unicodeScalars.contains($0) || $0.value == 0x7F }
    if bad != nil { return "contains a quote, backslash, '=', ',' or control character" }
    if reference.hasPrefix("/") { return "is an absolute path; a pack's plugin is a file inside the pack (plugins/x.lua) or a shipped plugin's name" }
    if reference.split(separator: "/").contains("..") { return "leads out of the pack with '..'" }
    return nil
  }

  /// Whether a reference names a file inside the pack (else a shipped plugin).
  static func isPath(_ reference: String) -> Bool {
    reference.contains("/") || reference.hasSuffix(".lua")
  }

  /// Names of the shipped plugins (`Plugins/*.lua` without the suffix).
  public static func shippedNames() -> [String] {
    guard let folder = PackLocator.pluginsFolder,
      let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path)
    else { return [] }
    return names.filter { $0.hasSuffix(".lua") }.map { String($0.dropLast(4)) }.sorted()
  }

  /// Resolves the manifest's plugin references against the pack's files and the shipped
  /// plugins. `site` is `pack.toml:line` for messages.
  static func resolve(_ references: [String], pack: String, root: URL, contents: PackContents, site: String) throws -> [PackPlugin] {
    try references.map { reference in
      if isPath(reference) {
        let path = reference.split(separator: "/").filter { $0 != "." }.joined(separator: "/")
        guard let file = contents.files.first(where: { $0.path == path }) else {
          let candidates = contents.files.map(\.path).filter { $0.hasSuffix(".lua") }
          throw PackError.invalid(
            "\(site): plugin \(String(reflecting: reference)) is not a file inside the pack \(root.path)"
              + Suggestion.didYouMean(path, in: candidates))
        }
        return PackPlugin(
          reference: reference, path: root.appendingPathComponent(path).path,
          source: String(decoding: file.data, as: UTF8.self), sha256: Pack.sha256(file.data),
          shipped: false, pack: pack)
      }
      let names = shippedNames()
      guard let folder = PackLocator.pluginsFolder, names.contains(reference) else {
        throw PackError.notFound(
          "\(site): plugin \(String(reflecting: reference)): no shipped plugin of that name (shipped: \(names.isEmpty ? "none found" : names.joined(separator: ", "))); give a file inside the pack as plugins/<file>.lua"
            + Suggestion.didYouMean(reference, in: names))
      }
      let url = folder.appendingPathComponent(reference + ".lua")
      let bytes: Data
      do {
        bytes = try BoundedFile.read(url.path)
      } catch {
        throw PackError.invalid("\(site): plugin \(reference): cannot read \(url.path): \(error)")
      }
      return PackPlugin(
        reference: reference, path: url.path, source: String(decoding: bytes, as: UTF8.self),
        sha256: Pack.sha256(bytes), shipped: true, pack: pack)
    }
  }

  /// Adds the plugins of `packs` to `readers` (the plugins already loaded: shipped ones and
  /// `--plugin`s). A pack plugin whose source is already loaded is not loaded twice; a plugin
  /// whose namespace another, different plugin already has is an error, as is one that does
  /// not load. Errors name the plugin file and the pack.
  public static func load(_ packs: [Pack], into readers: inout [PluginReader]) -> [EvidenceError] {
    var errors: [EvidenceError] = []
    var loaded: [String: String] = [:]
    for pack in packs {
      for plugin in pack.plugins {
        if loaded[plugin.path] == plugin.sha256 { continue }
        loaded[plugin.path] = plugin.sha256
        do {
          let reader = try PluginReader(source: plugin.source, path: plugin.path)
          if let other = readers.first(where: { $0.name == reader.name }) {
            if other.source == plugin.source { continue }
            errors.append(EvidenceError(
              "plugin of pack \(pack.name) (\(plugin.reference)) has the namespace `\(reader.name)`, which \(other.path) already has; two plugins cannot write one namespace",
              at: SourceLocation(file: plugin.path), reader: "plugin"))
            continue
          }
          readers.append(reader)
        } catch {
          errors.append(EvidenceError(
            "cannot load plugin \(plugin.reference) of pack \(pack.name): \(error)",
            at: SourceLocation(file: plugin.path), reader: "plugin"))
        }
      }
    }
    return errors
  }

  /// Refuses two plugins with one namespace (they would overwrite each other's facts).
  public static func duplicateNamespaces(_ readers: [PluginReader]) -> [EvidenceError] {
    var seen: [String: PluginReader] = [:]
    var errors: [EvidenceError] = []
    for reader in readers {
      if let first = seen[reader.name.lowercased()] {
        if first.source == reader.source { continue }
        errors.append(EvidenceError(
          "plugin namespace `\(reader.name)` is already the namespace of \(first.path); two plugins cannot write one namespace",
          at: SourceLocation(file: reader.path), reader: "plugin"))
      } else {
        seen[reader.name.lowercased()] = reader
      }
    }
    return errors
  }
}
