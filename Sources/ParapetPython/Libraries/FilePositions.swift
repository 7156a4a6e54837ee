import ParapetFacts

/// Where an open file object stands, as far as `seek()`, `tell()` and a whole read say.
enum FilePosition: Equatable {
  /// At this byte offset, set by `seek()`.
  case at(Int)
  /// At the end, after a read of the whole file.
  case end
  /// Somewhere Parapet does not follow (after `readline()`, or a seek it could not compute).
  case unknown
}

/// `f.seek()` and `f.tell()` on a file the settings opened (Mayan's `load_config_file` seeks to
/// the end and reads the file only when `tell()` says it is not empty). A file object is known
/// by the `open()` call that made it; each call makes a new one, at offset 0.
///
/// Reads keep what Parapet did before there was a position: a read from the start (or after an
/// earlier whole read) gives the whole text, so code run again on another path of an undecided
/// branch never sees a file emptied by the first path. Only a read after a `seek()` follows the
/// position: at or past the end it gives nothing, as Python does; elsewhere it is unknown.
extension PythonEvaluator {
  /// Separates a file object's path from its identity in its type.
  static let fileIdentitySeparator: Character = "\u{0}"

  /// What tells this `open()`'s file object from every other, at the end of its type.
  func newFileIdentity() -> String {
    openedFiles += 1
    return "\(Self.fileIdentitySeparator)\(openedFiles)"
  }

  private func positionKey(_ file: PythonValue) -> String? {
    guard case .opaque(let type) = file.kind, type.contains(Self.fileIdentitySeparator) else { return nil }
    return type
  }

  /// The size in bytes of the scanned file at `virtual`, or nil when Parapet cannot see it.
  private func fileSize(_ virtual: String) -> Int? {
    if writtenFiles[virtual] != nil { return writtenFiles[virtual]?.text?.utf8.count }
    return scannedFile(virtual)?.text.utf8.count
  }

  /// `f.seek(offset, whence=0)` (the new offset) and `f.tell()` (the offset).
  func seekOrTell(
    _ receiver: PythonValue, _ type: String, _ virtual: String, _ name: String, _ positional: [PythonValue],
    at location: SourceLocation
  ) -> PythonValue {
    guard let key = positionKey(receiver) else { return .unknown("\(name)() of a file is not modelled", at: location) }
    let binary = type.hasPrefix(Self.binaryFileObjectPrefix)
    func offset(_ position: FilePosition?) -> Int? {
      switch position {
      case nil: return 0
      case .at(let offset)?: return offset
      case .end?: return fileSize(virtual)
      case .unknown?: return nil
      }
    }
    if name == "file.tell" {
      guard let current = offset(filePositions[key]) else {
        return .unknown("tell() of \(virtual) after a read Parapet does not follow", at: location)
      }
      return PythonValue(.integer(current), at: location)
    }
    guard case .integer(let requested)? = positional.first?.kind else {
      filePositions[key] = .unknown
      return .unknown("seek() of \(virtual) to an offset that is not known", at: location).merging(positional)
    }
    let whence: Int
    switch positional.count > 1 ? positional[1].kind : .integer(0) {
    case .integer(let value): whence = value
    default:
      filePositions[key] = .unknown
      return .unknown("seek() of \(virtual) from a place that is not known", at: location).merging(positional)
    }
    var target: Int?
    switch whence {
    case 0: target = requested >= 0 ? requested : nil
    // A text file seeks only to 0 from the current place or the end (io.UnsupportedOperation).
    case 1: target = binary || requested == 0 ? offset(filePositions[key]).map { $0 + requested } : nil
    case 2: target = binary || requested == 0 ? fileSize(virtual).map { $0 + requested } : nil
    default: target = nil
    }
    guard let target, target >= 0 else {
      filePositions[key] = .unknown
      return .unknown("seek(\(requested), \(whence)) of \(virtual) is not followed", at: location)
    }
    filePositions[key] = .at(target)
    return PythonValue(.integer(target), at: location)
  }

  /// What a read (`name`: `file.read`, `file.readline`, `file.readlines`) gives when a `seek()`
  /// placed the file: nothing at or past the end, unknown elsewhere past the start. Nil when the
  /// read starts from the beginning, as every read did before: the file then stands at its end
  /// (after `read()`, `readlines()`) or somewhere Parapet does not follow (after `readline()`).
  func readAfterSeek(
    _ receiver: PythonValue, _ type: String, _ virtual: String, _ name: String, at location: SourceLocation
  ) -> PythonValue? {
    guard let key = positionKey(receiver) else { return nil }
    if case .at(let offset)? = filePositions[key], offset > 0 {
      guard let size = fileSize(virtual), offset >= size else {
        return .unknown("reads \(virtual) from offset \(offset), which Parapet does not follow", at: location)
      }
      if name == "file.readlines" { return PythonValue(.list(PythonList([])), at: location) }
      return PythonValue(type.hasPrefix(Self.binaryFileObjectPrefix) ? .bytes("") : .string(""), at: location)
    }
    filePositions[key] = name == "file.readline" ? .unknown : .end
    return nil
  }
}
