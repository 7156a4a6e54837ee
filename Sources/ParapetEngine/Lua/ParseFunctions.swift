import CLuaSandbox
import Foundation
import ParapetEvidence
import ParapetFacts
import ParapetPython

/// `parse.yaml`, `parse.json`, `parse.toml` and `parse.ini`: text a pack or plugin holds, parsed
/// by the readers' own parsers into located fact nodes, the same read-only nodes `facts` gives.
///
/// - The nodes live in an arena of the state for the current bundle only (a plugin: the current
///   file); a node kept longer is refused like any stale node. The arena's size counts against
///   the memory cap; C has already bounded the input and charged the budget for its length.
/// - Secrets stay secrets: the tree goes through `SecretScrubber`, as a reader's facts do.
/// - Bad input is an answer: `nil, "name:line:column: what was expected"`.
enum ParseFunctions {
  enum Format: String, CaseIterable {
    case yaml, json, toml, ini
  }

  /// The name locations carry when the caller gives none.
  static let defaultName = "<string>"

  static let yaml: psb_swiftfn = { L, context in ParseFunctions.run(L!, context, .yaml) }
  static let json: psb_swiftfn = { L, context in ParseFunctions.run(L!, context, .json) }
  static let toml: psb_swiftfn = { L, context in ParseFunctions.run(L!, context, .toml) }
  static let ini: psb_swiftfn = { L, context in ParseFunctions.run(L!, context, .ini) }

  static func handler(_ format: Format) -> psb_swiftfn {
    switch format {
    case .yaml: return yaml
    case .json: return json
    case .toml: return toml
    case .ini: return ini
    }
  }

  static func run(_ L: OpaquePointer, _ context: UnsafeMutableRawPointer?, _ format: Format) -> Int32 {
    let bridge = LuaBridge.bridge(context)
    let function = "parse.\(format.rawValue)"
    guard let text = LuaState.string(L, 1) else {
      return LuaBridge.fail(
        L, "\(function) expects the text to parse (a string), got \(PEP440Functions.typeName(L, 1))")
    }
    var name = defaultName
    switch psb_type(L, 2) {
    case PSB_TNONE, PSB_TNIL: break
    case PSB_TSTRING: name = LuaState.string(L, 2) ?? defaultName
    default:
      return LuaBridge.fail(
        L, "\(function): the file name (second argument) must be a string, got \(PEP440Functions.typeName(L, 2))")
    }
    var root: Fact
    do {
      root = try parse(text, name: name, format: format)
    } catch let problem as Problem {
      psb_pushnil(L)
      LuaState.push(L, problem.message)
      return 2
    } catch {
      psb_pushnil(L)
      LuaState.push(L, "\(name): \(error)")
      return 2
    }
    SecretScrubber.scrub(&root, name: nil)
    let arena = FactArena(root)
    let bytes = arena.estimatedBytes
    guard Int64(bytes) <= psb_memory_room(L) else {
      psb_set_abort_reason(L, PSB_ABORT_MEMORY)
      return LuaBridge.fail(
        L, "not enough memory: the result of \(function) needs about \(bytes) bytes, more than the memory cap leaves")
    }
    guard let id = bridge.addParsedArena(arena, bytes: bytes) else {
      return LuaBridge.fail(L, "\(function): too many parsed documents in one bundle")
    }
    psb_pushnode(L, id, 0, bridge.generation)
    return 1
  }

  /// Why a text did not parse: `name:line:column: what was expected`.
  struct Problem: Error {
    let message: String
    init(_ location: SourceLocation, _ what: String) {
      message = "\(location): \(what)"
    }
  }

  /// The text as facts located in `name`; YAML gives the list of its documents.
  static func parse(_ text: String, name: String, format: Format) throws -> Fact {
    // The readers' view of a file: CRLF and CR line ends read as LF, so lines match an editor's.
    let file = EvidenceFile(path: name, url: URL(fileURLWithPath: "/"), data: Data(text.utf8))
    let reader = "parse.\(format.rawValue)"
    do {
      switch format {
      case .yaml:
        return .list(try YAMLFacts.documents(file, reader: reader), at: file.at(line: 1, column: 1))
      case .json:
        return try JSONFactParser.parse(Data(file.text.utf8), file: name, reader: reader)
      case .toml:
        do {
          return try TOMLFacts.parse(file.text, file: name)
        } catch let problem as TOMLFacts.Problem {
          // The TOML parser knows lines, not columns.
          throw Problem(file.at(line: problem.line), problem.message)
        }
      case .ini:
        return try INIFacts.parse(file)
      }
    } catch let error as EvidenceError {
      throw Problem(error.location, error.message)
    } catch let errors as EvidenceErrors {
      let first = errors.errors.first
      throw Problem(first?.location ?? file.at(), first?.message ?? "invalid \(format.rawValue)")
    }
  }
}
