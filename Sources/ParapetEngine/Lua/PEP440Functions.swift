import CLuaSandbox
import Foundation
import ParapetEvidence
import ParapetPython

/// `pep440.compare`, `pep440.valid`, `pep440.satisfies` and `pep440.parse`: the readers' PEP 440
/// (`PEP440Version`, `PEP440Specifier`) offered to policies, so no pack compares versions itself.
///
/// Bad input is an answer, not an error: `nil` and a message naming what was expected. Only a
/// call with no text at all where text is needed raises (a bug in the policy).
enum PEP440Functions {
  /// The version at `index`, or a message saying why there is none.
  private static func version(_ L: OpaquePointer, _ index: Int32, _ function: String) -> Result<PEP440Version, Message> {
    guard let text = LuaState.string(L, index) else {
      return .failure(Message("\(function): expected a version string, got \(typeName(L, index))"))
    }
    guard let version = PEP440Version(text) else {
      return .failure(Message("\(function): '\(preview(text))' is not a valid PEP 440 version"))
    }
    return .success(version)
  }

  struct Message: Error { let text: String; init(_ text: String) { self.text = text } }

  static func typeName(_ L: OpaquePointer, _ index: Int32) -> String {
    let type = psb_type(L, index)
    if type == PSB_TNONE { return "no value" }
    guard let name = psb_typename(L, type) else { return "?" }
    return String(cString: name)
  }

  /// At most 80 characters of a rule's text in a message.
  static func preview(_ text: String) -> String {
    text.count > 80 ? String(text.prefix(80)) + "…" : text
  }

  private static func failure(_ L: OpaquePointer, _ message: Message) -> Int32 {
    psb_pushnil(L)
    LuaState.push(L, message.text)
    return 2
  }

  /// `pep440.compare(a, b)`: -1, 0 or 1 in PEP 440's order, or nil and why.
  static let compare: psb_swiftfn = { L, _ in
    let L = L!
    switch (version(L, 1, "pep440.compare"), version(L, 2, "pep440.compare")) {
    case (.failure(let message), _), (_, .failure(let message)): return failure(L, message)
    case (.success(let a), .success(let b)):
      psb_pushinteger(L, Int64(PEP440Version.compare(a, b)))
      return 1
    }
  }

  /// `pep440.valid(v)`: true when `v` is a PEP 440 version.
  static let valid: psb_swiftfn = { L, _ in
    let L = L!
    let ok = LuaState.string(L, 1).flatMap(PEP440Version.init) != nil
    psb_pushboolean(L, ok ? 1 : 0)
    return 1
  }

  /// `pep440.satisfies(version, specifier)`: true when the version matches every clause of the
  /// specifier set (`">=4.2,<5.0"`, `"~=5.2.1"`, `"==5.*"`, `"===foo"`; `""` matches every
  /// version); nil and why when either is invalid.
  static let satisfies: psb_swiftfn = { L, _ in
    let L = L!
    let function = "pep440.satisfies"
    guard let text = LuaState.string(L, 2) else {
      return failure(L, Message("\(function): expected a specifier string, got \(typeName(L, 2))"))
    }
    guard let clauses = PEP440Specifier.parseSet(text) else {
      return failure(L, Message("\(function): '\(preview(text))' is not a valid PEP 440 specifier set"))
    }
    switch version(L, 1, function) {
    case .success(let candidate):
      psb_pushboolean(L, clauses.allSatisfy { $0.contains(candidate) } ? 1 : 0)
      return 1
    case .failure(let message):
      // Arbitrary equality (`===`) is the one clause a version outside PEP 440 can match.
      if let raw = LuaState.string(L, 1), !clauses.isEmpty, clauses.allSatisfy({ $0.op == "===" }) {
        let trimmed = raw.trimmingCharacters(in: .whitespaces).lowercased()
        psb_pushboolean(L, clauses.allSatisfy { $0.version.lowercased() == trimmed } ? 1 : 0)
        return 1
      }
      return failure(L, message)
    }
  }

  /// `pep440.parse(v)`: `{ epoch, release = {…}, pre = {"rc", 1}, post, dev, ["local"],
  /// public, normalized }` (absent parts nil), or nil and why.
  static let parse: psb_swiftfn = { L, _ in
    let L = L!
    switch version(L, 1, "pep440.parse") {
    case .failure(let message): return failure(L, message)
    case .success(let version):
      psb_createtable(L, 0, 8)
      func set(_ key: String, _ push: () -> Void) {
        LuaState.push(L, key)
        push()
        psb_rawset(L, -3)
      }
      set("epoch") { psb_pushinteger(L, Int64(version.epoch)) }
      set("release") {
        psb_createtable(L, Int32(clamping: version.release.count), 0)
        for (position, number) in version.release.enumerated() {
          psb_pushinteger(L, Int64(number))
          psb_rawseti(L, -2, Int64(position + 1))
        }
      }
      if let pre = version.pre {
        set("pre") {
          psb_createtable(L, 2, 0)
          LuaState.push(L, pre.0)
          psb_rawseti(L, -2, 1)
          psb_pushinteger(L, Int64(pre.1))
          psb_rawseti(L, -2, 2)
        }
      }
      if let post = version.post { set("post") { psb_pushinteger(L, Int64(post)) } }
      if let dev = version.dev { set("dev") { psb_pushinteger(L, Int64(dev)) } }
      if let local = version.local { set("local") { LuaState.push(L, local) } }
      var publicVersion = version
      publicVersion.local = nil
      set("public") { LuaState.push(L, publicVersion.normalized) }
      set("normalized") { LuaState.push(L, version.normalized) }
      return 1
    }
  }
}
