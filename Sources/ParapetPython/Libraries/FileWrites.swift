import ParapetFacts

/// A file or folder the settings created while they ran (`open(p, "w")`, `Path.write_text`,
/// `shutil.copyfile`, `os.makedirs`). Nothing is written to disk: later reads in the same
/// evaluation see it instead of the scanned files.
package struct WrittenFile: Sendable {
  /// The content, when known (nil: the file exists, what it holds is not known).
  package var text: String?
  /// The scanned file the content came from (a copied template), for provenance; otherwise the
  /// settings file that wrote it.
  package var source: String
  /// Where the settings wrote it.
  package var location: SourceLocation
  package var isDirectory = false
  /// Created by `open(p, "x")` over a file Parapet cannot see: it exists afterwards whether
  /// the open created it or raised FileExistsError.
  package var exclusive = false

  /// Same content and kind on two paths of an undecided branch.
  func sameContent(_ other: WrittenFile) -> Bool {
    text == other.text && source == other.source && isDirectory == other.isDirectory
  }
}

/// Writes the settings make to files: the overlay that `scannedFile` reads through.
extension PythonEvaluator {
  /// Whether the file or folder at `virtual` exists in the overlay, or in the scanned files.
  func knownToExist(_ virtual: String) -> Bool {
    writtenFiles[virtual] != nil || scannedFile(virtual) != nil
  }

  /// `open(...)`, `Path.open(mode=...)` for writing, writes to file objects, `Path.write_text`,
  /// `touch`, `mkdir`, `shutil.copy*`, `os.makedirs` and existence tests of what was written;
  /// nil for every other call (and for a read-only `open`).
  func fileWriteCall(
    _ name: String, _ receiver: PythonValue?, _ positional: [PythonValue], _ keywords: [(String, PythonValue)],
    _ frame: Frame, at location: SourceLocation
  ) throws(PythonException) -> PythonValue? {
    func argument(_ position: Int, _ key: String) -> PythonValue? {
      position < positional.count ? positional[position] : keywords.first { $0.0 == key }?.1
    }
    let none = PythonValue(.none, at: location)
    switch name {
    case "io.StringIO":
      return stringBuffer(positional, keywords, at: location)
    case "open", "io.open", "codecs.open":
      guard let target = argument(0, "file"), let virtual = virtualPath(of: target),
        let mode = argument(1, "mode")?.stringValue, Self.isWriteMode(mode)
      else { return nil }
      return try openForWriting(virtual, mode: mode, target, at: location)
    case "Path.open":
      guard let receiver, let virtual = virtualPath(of: receiver), let mode = argument(0, "mode")?.stringValue,
        Self.isWriteMode(mode)
      else { return nil }
      return try openForWriting(virtual, mode: mode, receiver, at: location)
    case "file.write", "file.writelines":
      guard let receiver, case .opaque(let type) = receiver.kind, case (let virtual, false)? = Self.fileObject(type) else { return nil }
      // Only a file this evaluation opened for writing has an entry; writing to one opened for
      // reading is left to the generic answer.
      guard var entry = writtenFiles[virtual], !entry.isDirectory else { return nil }
      if virtual.hasPrefix(Self.stringBufferPrefix) {
        // A StringIO writes over its text from its position, which is not followed.
        entry.text = nil
        writtenFiles[virtual] = entry
        return .unknown("the number of characters written", at: location)
      }
      let written = name == "file.write" ? positional.first.flatMap(Self.writtenText) : Self.joinedLines(positional.first)
      entry.text = entry.text.flatMap { text in written.map { text + $0 } }
      writtenFiles[virtual] = entry
      if name == "file.write", let written { return PythonValue(.integer(written.count), at: location) }
      return name == "file.write" ? .unknown("the number of characters written", at: location) : none
    case "Path.write_text", "Path.write_bytes":
      guard let receiver, let virtual = virtualPath(of: receiver) else { return nil }
      let written = positional.first.flatMap(Self.writtenText)
      writtenFiles[virtual] = WrittenFile(text: written, source: location.file, location: location)
      return written.map { PythonValue(.integer($0.count), at: location) } ?? .unknown("the number of characters written", at: location)
    case "Path.touch":
      guard let receiver, let virtual = virtualPath(of: receiver) else { return nil }
      // An existing file keeps its content; a new one is empty. Whether a file Parapet cannot
      // see exists is not known, so its content is not either.
      if !knownToExist(virtual) {
        writtenFiles[virtual] = WrittenFile(text: nil, source: location.file, location: location)
      }
      return none
    case "Path.mkdir", "os.makedirs", "os.mkdir":
      guard let target = name == "Path.mkdir" ? receiver : argument(0, "name"), let virtual = virtualPath(of: target) else { return nil }
      // os.mkdir and Path.mkdir() without parents=True make one folder: its parent must exist
      // (KoBoCAT makes $EMAIL_FILE_PATH so; `./mail/kobocat` raises FileNotFoundError).
      var parents = name == "os.makedirs"
      if name == "Path.mkdir", let given = argument(1, "parents") {
        guard let flag = given.truthiness else { return nil }
        parents = flag
      }
      if !parents { noteMissingParent(of: virtual, at: location) }
      var folder = virtual
      while !folder.isEmpty && folder != "/" {
        if writtenFiles[folder] == nil { writtenFiles[folder] = WrittenFile(text: nil, source: location.file, location: location, isDirectory: true) }
        if !parents { break }
        folder = PythonModuleResolver.dirname(folder)
      }
      return none
    case "shutil.copyfile", "shutil.copy", "shutil.copy2":
      guard let source = argument(0, "src"), let from = virtualPath(of: source),
        let destination = argument(1, "dst"), var to = virtualPath(of: destination)
      else { return nil }
      if name != "shutil.copyfile", isFolder(to) { to = PythonModuleResolver.joinPaths([to, PythonModuleResolver.basename(from)]) }
      if let (path, text) = scannedFile(from) {
        writtenFiles[to] = WrittenFile(text: text, source: path, location: location)
      } else {
        // Copying a file Parapet cannot see raises where it does not exist; where it does, the
        // copy exists with content that is not known.
        if writtenFiles[from] == nil { noteUnseenFile(from, at: location) }
        writtenFiles[to] = WrittenFile(text: nil, source: location.file, location: location)
      }
      return PythonValue(.string(to), at: location)
    case "Path.exists", "Path.is_file", "Path.is_dir", "os.path.exists", "os.path.isfile", "os.path.isdir":
      let target = name.hasPrefix("Path.") ? receiver : argument(0, "path")
      guard let target, let virtual = virtualPath(of: target), let entry = writtenFiles[virtual] else { return nil }
      let answer = name.hasSuffix("exists") || (name.hasSuffix("dir") == entry.isDirectory)
      return PythonValue(.bool(answer), at: location)
    default:
      return nil
    }
  }

  /// Making one folder whose parent Parapet does not know to exist (not a folder of the scan,
  /// nor one the settings made) raises FileNotFoundError where the parent is missing: a
  /// possible load error, since the server may have it.
  private func noteMissingParent(of virtual: String, at location: SourceLocation) {
    let parent = PythonModuleResolver.dirname(virtual)
    guard !parent.isEmpty, parent != "/", !isFolder(parent) else { return }
    notePossibleRaise(
      SkippedRaise(type: "FileNotFoundError", location: location, message: "No such file or directory: '\(virtual)'"),
      because: "it makes \(virtual) without its parents, and \(parent) is neither a folder of the scan nor one the settings made",
      at: location)
  }

  static func isWriteMode(_ mode: String) -> Bool {
    mode.contains("w") || mode.contains("a") || mode.contains("x") || mode.contains("+")
  }

  /// Whether `virtual` is a folder: one the settings made, or one of the scanned tree.
  func isFolder(_ virtual: String) -> Bool {
    if let entry = writtenFiles[virtual] { return entry.isDirectory }
    return resolver.directoryExists(virtual)
  }

  /// `open(p, mode)` for writing: `w` truncates, `a` appends to what is known, `x` raises
  /// `FileExistsError` on a file known to exist. A file Parapet cannot see may exist on the
  /// server: `x` may then raise (a `try` around it merges both paths) and `a` keeps content
  /// that is not known; either way the file exists afterwards.
  private func openForWriting(_ virtual: String, mode: String, _ target: PythonValue, at location: SourceLocation) throws(PythonException) -> PythonValue {
    let file = PythonValue(.opaque(Self.fileObjectPrefix + virtual), uses: target.uses, at: location).merging([target])
    if isFolder(virtual) {
      throw PythonException.operatingSystem("IsADirectoryError", errno: 21, strerror: "Is a directory", path: virtual, at: location)
    }
    try requireParentFolder(of: virtual, at: location)
    let existing = writtenFiles[virtual].map { (text: $0.text, source: $0.source) } ?? scannedFile(virtual).map { (text: Optional($0.text), source: $0.path) }
    if mode.contains("x") {
      // The body of an undecided `try` runs again as one of its paths: a file this very open
      // created the first time is still one that may have existed before.
      let again = writtenFiles[virtual].map { $0.exclusive && $0.location == location } ?? false
      if existing != nil && !again {
        throw PythonException.operatingSystem("FileExistsError", errno: 17, strerror: "File exists", path: virtual, at: location)
      }
      // Not in the scanned files, but perhaps on the server (the usual reason for `x`).
      if let guarding = activeHandlers.last(where: { entry in entry.handlers.contains { Self.handles($0, "FileExistsError") } }) {
        noteUncertain(guarding.module, raising: PythonException.operatingSystem("FileExistsError", errno: 17, strerror: "File exists", path: virtual, at: location))
      } else {
        let message = "[Errno 17] File exists: '\(virtual)', if it exists where Django runs (it is not in the scanned files)"
        if !possibleLoadErrors.contains(where: { $0.message == message }) {
          possibleLoadErrors.append(PythonException(type: "FileExistsError", message: message, location: location))
        }
      }
      writtenFiles[virtual] = WrittenFile(text: nil, source: location.file, location: location, exclusive: true)
      return file
    }
    if mode.contains("a") || (mode.contains("+") && !mode.contains("w")) {
      // Appending (or `r+`) keeps what is there; a file Parapet cannot see holds what it cannot tell.
      let text: String? = existing?.text ?? nil
      if mode.contains("r") && existing == nil { noteUnseenFile(virtual, at: location) }
      writtenFiles[virtual] = WrittenFile(text: text, source: existing?.source ?? location.file, location: location)
      return file
    }
    writtenFiles[virtual] = WrittenFile(text: "", source: location.file, location: location)
    return file
  }

  /// Folders every Linux system Django runs on has (FHS): writing there needs no evidence.
  static let systemFolders: Set<String> = ["/", "/tmp", "/var/tmp", "/dev", "/dev/shm", "/run"]

  /// Creating a file needs its folder: one the settings made, a folder of the scan, or a server
  /// folder. A folder the user said the server lacks raises FileNotFoundError for certain;
  /// one Parapet cannot see may be missing where Django runs (a possible load error, or the
  /// path of an enclosing `except` that catches it: etebase writes a generated key next to a
  /// secret file it could not read).
  func requireParentFolder(of virtual: String, at location: SourceLocation) throws(PythonException) {
    try requireNoFileAbove(virtual, at: location)
    let folder = PythonModuleResolver.dirname(virtual)
    guard !folder.isEmpty, !Self.systemFolders.contains(folder), !isFolder(folder) else { return }
    if resolver.declaredAbsent(folder) {
      throw Self.fileNotFound(virtual, why: "its folder is not on the server, as --server-missing or --server-dir says", at: location)
    }
    if let guarding = activeHandlers.last(where: { entry in entry.handlers.contains { Self.handles($0, "FileNotFoundError") } }) {
      noteUncertain(guarding.module, raising: PythonException.operatingSystem("FileNotFoundError", errno: 2, strerror: "No such file or directory", path: virtual, at: location))
      return
    }
    let message = "[Errno 2] No such file or directory: '\(virtual)', unless its folder exists where Django runs (it is not in the scanned files)"
    if !possibleLoadErrors.contains(where: { $0.message == message }) {
      possibleLoadErrors.append(PythonException(type: "FileNotFoundError", message: message, location: location))
    }
  }

  /// `logging.FileHandler(filename, mode='a', encoding=None, delay=False)` and the handlers of
  /// `logging.handlers` that open a file: unless `delay` is true they open it when built, so a
  /// missing folder raises there (librephotos' app module builds one under `/logs` when Django
  /// imports it). The handler itself is not modelled. Nil for other names.
  func loggingHandlerCall(
    _ name: String, _ positional: [PythonValue], _ keywords: [(String, PythonValue)], at location: SourceLocation
  ) throws(PythonException) -> PythonValue? {
    let delayPosition: Int
    switch name {
    case "logging.FileHandler", "logging.handlers.WatchedFileHandler": delayPosition = 3
    case "logging.handlers.RotatingFileHandler": delayPosition = 5
    case "logging.handlers.TimedRotatingFileHandler": delayPosition = 6
    default: return nil
    }
    let handler = PythonValue.unknown("a \(name) object", at: location).merging(positional + keywords.map(\.1))
    func argument(_ position: Int, _ key: String) -> PythonValue? {
      position < positional.count ? positional[position] : keywords.first { $0.0 == key }?.1
    }
    guard let target = argument(0, "filename"), let virtual = virtualPath(of: target) else { return handler }
    let delay = argument(delayPosition, "delay")
    guard delay?.truthiness == false || delay == nil else { return handler }
    if isFolder(virtual) {
      throw PythonException.operatingSystem("IsADirectoryError", errno: 21, strerror: "Is a directory", path: virtual, at: location)
    }
    try requireParentFolder(of: virtual, at: location)
    return handler
  }

  /// A path below a file (`manage.py/app.log`) raises NotADirectoryError, whether read or
  /// created (librephotos' log folder variable naming a file).
  func requireNoFileAbove(_ virtual: String, at location: SourceLocation) throws(PythonException) {
    var folder = PythonModuleResolver.dirname(virtual)
    while !folder.isEmpty, folder != "/" {
      if let written = writtenFiles[folder], written.isDirectory { return }
      if knownToExist(folder) && !isFolder(folder) {
        throw PythonException.operatingSystem("NotADirectoryError", errno: 20, strerror: "Not a directory", path: virtual, at: location)
      }
      folder = PythonModuleResolver.dirname(folder)
    }
  }

  /// The text a write adds, when known.
  static func writtenText(_ value: PythonValue) -> String? {
    switch value.kind {
    case .string(let text), .bytes(let text): return text
    default: return nil
    }
  }

  static func joinedLines(_ value: PythonValue?) -> String? {
    guard let value else { return nil }
    let items: [PythonValue]
    switch value.kind {
    case .list(let list): items = list.items
    case .tuple(let tuple): items = tuple
    default: return nil
    }
    var out = ""
    for item in items {
      guard let text = writtenText(item) else { return nil }
      out += text
    }
    return out
  }

  /// The files an undecided `try` starts its paths from: as before the try (the body runs
  /// again as one path), plus the files the body created with `open(p, "x")` when every
  /// handler catches only FileExistsError: a handler that runs then found the file there.
  static func writtenAcrossTry(before: [String: WrittenFile], after: [String: WrittenFile], handlers: [PythonStmt.Handler]) -> [String: WrittenFile] {
    guard !handlers.isEmpty, handlers.allSatisfy({ $0.types == ["FileExistsError"] }) else { return before }
    var kept = before
    for (path, entry) in after where entry.exclusive && before[path] == nil { kept[path] = entry }
    return kept
  }

  /// What the files hold after an undecided branch: what every path wrote alike stays, a file
  /// every path wrote differently exists with content that is not known, and one that only
  /// some paths wrote is as before (not known to exist).
  static func mergeWritten(_ ends: [[String: WrittenFile]], original: [String: WrittenFile], at location: SourceLocation) -> [String: WrittenFile] {
    guard let first = ends.first else { return original }
    var merged: [String: WrittenFile] = [:]
    for (path, entry) in first {
      let others = ends.dropFirst().map { $0[path] }
      if others.contains(where: { $0 == nil }) { continue }
      if others.allSatisfy({ $0!.sameContent(entry) }) {
        merged[path] = entry
      } else {
        merged[path] = WrittenFile(text: nil, source: location.file, location: location, isDirectory: entry.isDirectory)
      }
    }
    return merged
  }

  /// Where `io.StringIO` buffers live among the files the settings made: no path a scan holds.
  static let stringBufferPrefix = "/<io.StringIO>/"

  /// `io.StringIO(initial_value="")`: an in-memory text file open for reading and writing at
  /// offset 0, read as the files the settings write are (`read()`, `readlines()`, iteration,
  /// `ConfigParser.read_file`: NAV feeds its built-in defaults so). What a `write()` leaves is
  /// not followed.
  private func stringBuffer(_ positional: [PythonValue], _ keywords: [(String, PythonValue)], at location: SourceLocation) -> PythonValue {
    let given = positional.first ?? keywords.first { $0.0 == "initial_value" }?.1
    guard positional.count <= 1, keywords.allSatisfy({ $0.0 == "initial_value" }) else {
      return .unknown("io.StringIO() with arguments Parapet does not model", at: location)
    }
    var text = ""
    if let given {
      switch given.kind {
      case .string(let value): text = value
      case .none: text = ""
      default: return .unknown("io.StringIO() of a value that is not a known str", at: location).merging([given])
      }
    }
    openedFiles += 1
    let virtual = Self.stringBufferPrefix + String(openedFiles)
    writtenFiles[virtual] = WrittenFile(text: text, source: given?.location?.file ?? location.file, location: location)
    return PythonValue(.opaque(Self.fileObjectPrefix + virtual + newFileIdentity()), at: location).merging(given.map { [$0] } ?? [])
  }
}
