import Foundation
import OrderedCollections
import ParapetFacts

/// Values the settings read from files: `open(...).read()` (also in `with` blocks),
/// `Path.read_text()`, `json.load`, python-dotenv's `load_dotenv` / `dotenv_values` /
/// `find_dotenv`. A file of the scanned evidence is read, and its values carry `file:line`;
/// any other file gives an unknown value naming the path. A value read from a file whose path
/// or name looks secret (`SECRET_KEY_FILE`, `/run/secrets/…`) stays a secret downstream.
extension PythonEvaluator {
  /// An open file object: `.opaque(prefix + virtual path)`.
  package static let fileObjectPrefix = "io.TextIOWrapper:"
  /// A file opened in binary mode (`open(path, "rb")`): its `read()` is bytes.
  package static let binaryFileObjectPrefix = "io.BufferedReader:"

  /// The virtual path of an open file object's type, and whether it was opened in binary mode;
  /// nil for any other type.
  static func fileObject(_ type: String) -> (virtual: String, binary: Bool)? {
    func path(_ rest: Substring) -> String {
      // An opened file's identity follows its path (`FilePositions`); paths hold no NUL.
      String(rest.split(separator: Self.fileIdentitySeparator, maxSplits: 1, omittingEmptySubsequences: false)[0])
    }
    if type.hasPrefix(fileObjectPrefix) { return (path(type.dropFirst(fileObjectPrefix.count)), false) }
    if type.hasPrefix(binaryFileObjectPrefix) { return (path(type.dropFirst(binaryFileObjectPrefix.count)), true) }
    return nil
  }

  /// The virtual absolute path of a path-like value, or nil when not known.
  /// A path under a folder the user gave with `--server-dir` is its place in the bundle.
  func virtualPath(of value: PythonValue) -> String? {
    if let root = Self.environPathRoot(value) { return resolver.serverPath(root) }
    switch value.kind {
    case .string(let text), .path(let text):
      let absolute = text.hasPrefix("/") ? text : PythonModuleResolver.joinPaths([workingDirectory, text])
      return resolver.serverPath(absolute)
    default: return nil
    }
  }

  /// The bundle file at a virtual path, recorded as a configuration file.
  func scannedFile(_ virtual: String) -> (path: String, text: String)? {
    // A file the settings wrote reads as written (a copied template as the template).
    if let written = writtenFiles[virtual] { return written.text.map { (written.source, $0) } }
    guard let path = PythonModuleResolver.bundlePath(virtual), let file = resolver.file(path) else { return nil }
    if !configurationFiles.contains(path) { configurationFiles.append(path) }
    return (path, file.text)
  }

  /// Why the file at `virtual` cannot be read. A path outside the project folder
  /// (`/etc/app/app.conf`) exists only on the server, so the reason says how to let the scan
  /// decide anyway: Django's own dump of the settings as they load there.
  static func unseenFile(_ virtual: String) -> String {
    if PythonModuleResolver.bundlePath(virtual) != nil { return "\(virtual), which is not in the scanned files" }
    return "\(virtual), which is not in the scanned files (a path outside the project folder: \(ServerFolders.hint(virtual)); "
      + "or scan with the output of `manage.py diffsettings --all` run where Django runs, saved as diffsettings.txt)"
  }

  static func looksSecret(_ virtual: String) -> Bool {
    let name = PythonModuleResolver.basename(virtual)
    return virtual.hasPrefix("/run/secrets/") || SecretNames.isSecret(name)
      || SecretNames.isSecret(name.split(separator: ".").first.map(String.init) ?? name)
  }

  /// Opening a file Parapet cannot see raises `FileNotFoundError` on a server where it does not
  /// exist. Under a `try` that catches it, the handler may run (the `try` merges its paths);
  /// otherwise whether the settings load is not known.
  func noteUnseenFile(_ virtual: String, at location: SourceLocation) {
    if writtenFiles[virtual] != nil { return }  // the settings created it
    if let guarding = activeHandlers.last(where: { entry in
      entry.handlers.contains { Self.handles($0, "FileNotFoundError") }
    }) {
      noteUncertain(guarding.module, raising: Self.fileNotFound(virtual, why: "it is not in the scanned files", at: location))
      return
    }
    let message = "[Errno 2] No such file or directory: '\(virtual)', unless it exists where Django runs (it is not in the scanned files)"
    if !possibleLoadErrors.contains(where: { $0.message == message }) {
      possibleLoadErrors.append(PythonException(type: "FileNotFoundError", message: message, location: location))
    }
  }

  /// The value a `*_FILE` variable points at (`$SECRET_KEY_FILE` naming `/run/secrets/key`), as
  /// django-environ's and environs' FileAwareEnv read it: the file's text, a secret, or unknown
  /// (and a possible load error) when the file is not in the scanned evidence. Nil when
  /// `fileKey` is not set or empty. `loaded` is the variable's value from a `.env` the library
  /// loaded into itself (environs' `read_env`), used when the environment does not set it.
  func variableFileValue(_ fileKey: String, accessor: String, strip: Bool = false, loaded: String? = nil, at location: SourceLocation) -> PythonValue? {
    let named = environmentValue(fileKey, accessor: accessor, defaultValue: loaded.map { PythonValue(.string($0)) } ?? PythonValue(.none), at: location)
    if named.isUnknown { return named }
    guard let path = named.stringValue, !path.isEmpty, let virtual = virtualPath(of: named) else { return nil }
    guard let (file, text) = scannedFile(virtual) else {
      noteUnseenFile(virtual, at: location)
      var value = PythonValue.unknown("reads \(virtual) (named by $\(fileKey)), which is not in the scanned files", at: location)
      value.uses = named.uses
      value.fromSecretVariable = true
      return value
    }
    let use = EnvironmentUse(variable: fileKey, state: .file("\(file):1"), defaultValue: nil, accessor: accessor, cast: nil, location: location)
    var value = PythonValue(.string(strip ? text.trimmingPythonWhitespace() : text), uses: PythonValue.union(named.uses, [use]), at: SourceLocation(file: file, line: 1))
    value.fromSecretVariable = true
    return value
  }

  /// The text of a file, as a string value located at the file's first line.
  func fileText(_ virtual: String, from source: PythonValue, at location: SourceLocation) -> PythonValue {
    guard let (path, text) = scannedFile(virtual) else {
      if let written = writtenFiles[virtual] {
        return .unknown("reads \(virtual), which the settings wrote (\(written.location)) with content Parapet does not know", at: location).merging([source])
      }
      return .unknown("reads \(Self.unseenFile(virtual))", at: location).merging([source])
    }
    var value = PythonValue(.string(text), at: SourceLocation(file: path, line: 1)).merging([source])
    if Self.looksSecret(virtual) { value.fromSecretVariable = true }
    return value
  }

  /// `open(path, mode)`: a file object (text or bytes modes; writing is not followed).
  package func openFile(_ positional: [PythonValue], _ keywords: [(String, PythonValue)], at location: SourceLocation) throws(PythonException) -> PythonValue {
    guard let target = positional.first ?? keywords.first(where: { $0.0 == "file" })?.1 else {
      return .unknown("open() without a file", at: location)
    }
    if target.stringValue == "" {
      // Not the working folder: the empty name is no file at all.
      throw PythonException.operatingSystem("FileNotFoundError", errno: 2, strerror: "No such file or directory", path: "", filename: "", at: location, uses: target.uses)
    }
    guard let virtual = virtualPath(of: target) else {
      return .unknown("opens a file whose path is not known", at: location).merging([target])
    }
    let mode = (positional.count > 1 ? positional[1] : keywords.first { $0.0 == "mode" }?.1)?.stringValue ?? "r"
    if mode.contains("w") || mode.contains("a") || mode.contains("x") || mode.contains("+") {
      return .unknown("opens \(virtual) for writing", at: location)
    }
    if scannedFile(virtual) == nil { try openUnseenFile(virtual, at: location) }
    if !mode.contains("b") {
      let encoding = (positional.count > 3 ? positional[3] : keywords.first { $0.0 == "encoding" }?.1)
      let errors = (positional.count > 4 ? positional[4] : keywords.first { $0.0 == "errors" }?.1)
      try checkDecodable(virtual, encoding: encoding, errors: errors, at: location)
    }
    let prefix = mode.contains("b") ? Self.binaryFileObjectPrefix : Self.fileObjectPrefix
    return PythonValue(.opaque(prefix + virtual + newFileIdentity()), uses: target.uses, at: location).merging([target])
  }

  /// A text read of a scanned file whose bytes are not UTF-8 raises `UnicodeDecodeError`, as
  /// Python's default encoding does where Django runs (UTF-8: the official images set a UTF-8
  /// locale, and Python coerces the C locale to it). Raised when the file is opened, since
  /// settings read what they open. An explicit other encoding, or an `errors` handler, reads
  /// text Parapet does not decode the same way: that read stays as the replacing decoder gives
  /// it only for UTF-8 files.
  func checkDecodable(_ virtual: String, encoding: PythonValue?, errors: PythonValue?, at location: SourceLocation) throws(PythonException) {
    guard writtenFiles[virtual] == nil, let path = PythonModuleResolver.bundlePath(virtual), let file = resolver.file(path) else { return }
    guard let offset = Self.firstUndecodableByte(file.data) else { return }
    let named = encoding.flatMap(\.stringValue)?.lowercased().replacingOccurrences(of: "_", with: "-")
    let utf8 = named == nil || ["utf-8", "utf8", "u8", "utf", "cp65001"].contains(named!)
    var noHandler = errors == nil
    if let errors, case .none = errors.kind { noHandler = true }
    if utf8, noHandler {
      throw PythonException(
        type: "UnicodeDecodeError",
        message: "'utf-8' codec can't decode byte at position \(offset) of \(virtual): invalid UTF-8", location: location)
    }
    throw PythonException(
      type: PythonException.undecidableType,
      message: "reads \(virtual), which is not UTF-8, with an encoding or error handler Parapet does not model", location: location)
  }

  /// The offset of the first byte that is not part of valid UTF-8, or nil for valid text.
  static func firstUndecodableByte(_ data: Data) -> Int? {
    if data.allSatisfy({ $0 < 0x80 }) { return nil }
    var iterator = data.makeIterator()
    var decoder = UTF8()
    var offset = 0
    var consumed = 0
    while true {
      switch decoder.decode(&iterator) {
      case .scalarValue(let scalar):
        consumed += UTF8.width(scalar)
        offset = consumed
      case .emptyInput: return nil
      case .error: return offset
      }
    }
  }

  /// `Path.read_text()`, `Path.read_bytes()`, `Path.open()`.
  package func readFile(
    _ receiver: PythonValue, method: String, _ positional: [PythonValue] = [], _ keywords: [(String, PythonValue)] = [],
    at location: SourceLocation
  ) throws(PythonException) -> PythonValue {
    guard let virtual = virtualPath(of: receiver) else { return .unknown("reads a file whose path is not known", at: location) }
    // Path.open(mode, buffering, encoding, errors) is open(path, mode, …).
    if method == "open" { return try openFile([receiver] + positional, keywords, at: location) }
    if scannedFile(virtual) == nil { try openUnseenFile(virtual, at: location) }
    if method == "read_text" {
      let encoding = positional.first ?? keywords.first { $0.0 == "encoding" }?.1
      let errors = positional.count > 1 ? positional[1] : keywords.first { $0.0 == "errors" }?.1
      try checkDecodable(virtual, encoding: encoding, errors: errors, at: location)
    }
    var value = fileText(virtual, from: receiver, at: location)
    if method == "read_bytes", case .string(let text) = value.kind { value.kind = .bytes(text) }
    return value
  }

  /// The target of `with open(...) as f:` is the file object itself.
  package func withTarget(_ context: PythonValue) -> PythonValue? {
    if case .opaque(let type) = context.kind, Self.fileObject(type) != nil { return context }
    return nil
  }

  package func fileAttribute(_ base: PythonValue, _ type: String, _ name: String, at location: SourceLocation) -> PythonValue? {
    guard let file = Self.fileObject(type) else { return nil }
    if name == "name" { return PythonValue(.string(file.virtual), at: location) }
    return PythonValue(.builtin("file." + name, receiver: [base]), at: location)
  }

  /// `f.read()`, `f.readlines()`, `f.readline()`, `f.close()`, `f.__enter__()`.
  package func fileMethod(_ receiver: PythonValue, _ type: String, _ name: String, _ positional: [PythonValue], at location: SourceLocation) throws(PythonException) -> PythonValue {
    guard let (virtual, binary) = Self.fileObject(type) else { return .unknown("\(name)() of a file is not modelled", at: location) }
    /// A binary file reads bytes.
    func read(_ value: PythonValue) -> PythonValue {
      guard binary, case .string(let text) = value.kind else { return value }
      var bytes = value
      bytes.kind = .bytes(text)
      return bytes
    }
    switch name {
    case "file.seek", "file.tell":
      return seekOrTell(receiver, type, virtual, name, positional, at: location)
    case "file.read", "file.readlines", "file.readline":
      if let rest = readAfterSeek(receiver, type, virtual, name, at: location) { return rest }
    default: break
    }
    switch name {
    case "file.read":
      return read(fileText(virtual, from: receiver, at: location))
    case "file.readlines", "file.readline":
      let text = fileText(virtual, from: receiver, at: location)
      guard case .string(let content) = text.kind else { return text }
      var lines: [PythonValue] = []
      var current = ""
      var number = 1
      for character in content {
        current.append(character)
        if character.isNewline {
          var item = text
          item.kind = .string(current)
          item.location = SourceLocation(file: text.location?.file ?? virtual, line: number)
          lines.append(item)
          current = ""
          number += 1
        }
      }
      if !current.isEmpty {
        var item = text
        item.kind = .string(current)
        item.location = SourceLocation(file: text.location?.file ?? virtual, line: number)
        lines.append(item)
      }
      lines = lines.map(read)
      if name == "file.readline" { return lines.first ?? read(PythonValue(.string(""), at: location)) }
      return PythonValue(.list(PythonList(lines)), at: location).merging([text])
    case "file.close": return PythonValue(.none, at: location)
    case "file.__enter__": return receiver
    default: return .unknown("\(name)() of a file is not modelled", at: location)
    }
  }

  // MARK: Library calls reading files

  /// `json.load(f)`, python-dotenv; nil for other names.
  func fileLibraryCall(_ name: String, _ positional: [PythonValue], _ keywords: [(String, PythonValue)], _ frame: Frame, at location: SourceLocation) throws(PythonException) -> PythonValue? {
    func argument(_ position: Int, _ key: String) -> PythonValue? {
      position < positional.count ? positional[position] : keywords.first { $0.0 == key }?.1
    }
    switch name {
    case "json.load":
      guard let file = positional.first else { return .unknown("json.load()", at: location) }
      var text: PythonValue
      if case .opaque(let type) = file.kind, Self.fileObject(type) != nil {
        text = try fileMethod(file, type, "file.read", [], at: location)
      } else {
        return .unknown("json.load() of a stream Parapet cannot read", at: location).merging([file])
      }
      if text.isUnknown { return text }
      let parsed = try callBuiltin("json.loads", receiver: nil, [text], [], frame, at: location)
      return parsed.merging([text])
    case "dotenv.load_dotenv", "dotenv.main.load_dotenv", "dotenv.dotenv_values", "dotenv.main.dotenv_values":
      let isLoad = name.hasSuffix("load_dotenv")
      let override = isLoad ? argument(3, "override")?.truthiness ?? false : true
      let interpolate = argument(isLoad ? 4 : 3, "interpolate")?.truthiness ?? true
      if argument(1, "stream").map({ !Self.isNone($0) }) == true {
        return .unknown("\(name)() of a stream Parapet cannot read", at: location)
      }
      var virtual: String
      if let given = argument(0, "dotenv_path"), !Self.isNone(given) {
        guard let path = virtualPath(of: given) else { return .unknown("\(name)() of a file whose path is not known", at: location).merging([given]) }
        virtual = path
      } else {
        virtual = findDotenv(from: PythonModuleResolver.dirname(PythonModuleResolver.virtualPath(frame.file)), name: ".env") ?? ""
      }
      let loaded: (path: String, text: String)? = virtual.isEmpty ? nil : scannedFile(virtual)
      if loaded == nil && !virtual.isEmpty && PythonModuleResolver.bundlePath(virtual) == nil && !resolver.declaredAbsent(virtual) {
        notes.append("\(location): \(name)() reads \(Self.unseenFile(virtual))")
        return .unknown("reads \(Self.unseenFile(virtual))", at: location)
      }
      let bindings = loaded.map { PythonDotenv.parse($0.text) } ?? []
      let values: OrderedDictionary<String, (value: String?, line: Int)>
      if interpolate {
        values = PythonDotenv.resolve(bindings, environment: environment, override: override)
      } else {
        var raw: OrderedDictionary<String, (value: String?, line: Int)> = [:]
        for binding in bindings { raw[binding.key] = (binding.value, binding.line) }
        values = raw
      }
      if name.hasSuffix("dotenv_values") {
        let dict = PythonDict()
        for (key, entry) in values {
          var item = PythonValue(entry.value.map { .string($0) } ?? .none, at: SourceLocation(file: loaded?.path ?? virtual, line: entry.line))
          item.fromSecretVariable = SecretNames.isSecret(key)
          dict.entries[.string(key)] = (PythonValue(.string(key)), item)
        }
        return PythonValue(.dict(dict), at: location)
      }
      for (key, entry) in values {
        guard let value = entry.value else { continue }
        recordEnvironmentWrite(key, override ? .assign : .setdefault, PythonValue(.string(value), at: SourceLocation(file: loaded?.path ?? virtual, line: entry.line)), at: location)
        if environment[key] != nil && !override { continue }
        environment[key] = value
        fileSources[key] = "\(loaded?.path ?? virtual):\(entry.line)"
      }
      return PythonValue(.bool(!values.isEmpty), at: location)
    case "tomllib.load", "tomllib.loads", "tomli.load", "tomli.loads", "toml.load", "toml.loads":
      return try tomllibCall(name, positional, frame, at: location)
    case "dotenv.find_dotenv", "dotenv.main.find_dotenv":
      let file = argument(0, "filename")?.stringValue ?? ".env"
      let start = argument(2, "usecwd")?.truthiness == true ? workingDirectory : PythonModuleResolver.dirname(PythonModuleResolver.virtualPath(frame.file))
      return PythonValue(.string(findDotenv(from: start, name: file) ?? ""), at: location)
    default:
      return nil
    }
  }

  /// python-dotenv's `find_dotenv`: the first `name` from `folder` up to the root.
  func findDotenv(from folder: String, name: String) -> String? {
    var current = folder
    while true {
      let candidate = PythonModuleResolver.joinPaths([current, name])
      if resolver.fileExists(candidate) { return candidate }
      let parent = PythonModuleResolver.dirname(current)
      if parent == current || current.isEmpty { return nil }
      current = parent
    }
  }
}
