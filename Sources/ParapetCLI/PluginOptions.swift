import ArgumentParser
import ParapetFacts
import Foundation
import ParapetEngine
import ParapetEvidence

/// `--plugin`: Lua evidence readers besides the shipped ones in `Plugins/`.
struct PluginOptions: ParsableArguments {
  @Option(name: .customLong("plugin"), help: ArgumentHelp("A Lua plugin file or a folder of them (repeatable; the shipped Plugins/ are always loaded).", valueName: "PATH"))
  var plugins: [String] = []

  @Flag(name: .customLong("no-shipped-plugins"), help: "Do not load the plugins shipped in Plugins/.")
  var noShippedPlugins = false

  /// The registry with every plugin added, and the plugins that failed to load.
  func registry() -> (registry: EvidenceRegistry, errors: [EvidenceError]) {
    var readers: [PluginReader] = []
    var errors: [EvidenceError] = []
    var folders: [URL] = []
    if !noShippedPlugins, let shipped = PackLocator.pluginsFolder { folders.append(shipped) }
    for path in plugins {
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
        folders.append(URL(fileURLWithPath: path))
      } else {
        do {
          let source = try String(contentsOfFile: path, encoding: .utf8)
          readers.append(try PluginReader(source: source, path: path))
        } catch {
          errors.append(EvidenceError("cannot load plugin: \(error)", at: .init(file: path), reader: "plugin"))
        }
      }
    }
    for folder in folders {
      let loaded = PluginReader.loadAll(from: folder)
      readers += loaded.readers
      errors += loaded.errors.map {
        EvidenceError($0, at: .init(file: folder.lastPathComponent), reader: "plugin")
      }
    }
    return (EvidenceRegistry.standard.adding(readers), errors)
  }
}
