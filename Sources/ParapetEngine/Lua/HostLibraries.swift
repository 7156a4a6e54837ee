import CLuaSandbox
import ParapetPython

/// The host libraries of the safe environment: `parse.*` (the readers' own parsers, returning
/// located fact nodes) and `pep440.*` (the project's one PEP 440). Every rule, library module
/// and plugin sees them.
///
/// Each function is Swift behind the C trampoline; C bounds and charges its string arguments
/// before Swift runs (`psb_pushhostfn`), so no argument can make the host work for free.
enum HostLibraries {
  /// Instruction-budget units one byte of input to `parse.*` costs, charged before the parser
  /// runs (the deadline cannot interrupt Swift). Measured: a debug build parses YAML at about
  /// 0.3 MB/s and JSON at 0.6 MB/s (release ~10x faster), so 32 units keep the standard budget
  /// (5e7) at about 1.5 MB of input per evaluation, a fraction of a second in release.
  static let parseUnitsPerByte: Int32 = 32
  /// Units per byte for `pep440.*` (a linear scan of short text).
  static let pep440UnitsPerByte: Int32 = 1

  struct Function {
    let name: String
    let body: psb_swiftfn
    let unitsPerByte: Int32
    /// Refuse inputs larger than a share of the memory cap (PSB_HOST_INPUT_SHARE).
    let bounded: Bool
  }

  static let libraries: [(String, [Function])] = [
    (
      "parse",
      ParseFunctions.Format.allCases.map {
        Function(name: $0.rawValue, body: ParseFunctions.handler($0), unitsPerByte: parseUnitsPerByte, bounded: true)
      }
    ),
    (
      "pep440",
      [
        Function(name: "compare", body: PEP440Functions.compare, unitsPerByte: pep440UnitsPerByte, bounded: true),
        Function(name: "valid", body: PEP440Functions.valid, unitsPerByte: pep440UnitsPerByte, bounded: true),
        Function(name: "satisfies", body: PEP440Functions.satisfies, unitsPerByte: pep440UnitsPerByte, bounded: true),
        Function(name: "parse", body: PEP440Functions.parse, unitsPerByte: pep440UnitsPerByte, bounded: true),
      ]
    ),
  ]

  /// Adds every library to the safe environment of `L`. PSB_OK, or an error code with the
  /// message on the stack.
  static func install(_ L: OpaquePointer, context: UnsafeMutableRawPointer) -> Int32 {
    for (library, functions) in libraries {
      psb_createtable(L, 0, Int32(functions.count))
      for function in functions {
        LuaState.push(L, function.name)
        psb_pushhostfn(
          L, "\(library).\(function.name)", function.body, context, function.unitsPerByte,
          function.bounded ? 1 : 0)
        psb_rawset(L, -3)
      }
      let status = psb_set_library(L, library)
      if status != PSB_OK { return status }
    }
    return PSB_OK
  }
}
