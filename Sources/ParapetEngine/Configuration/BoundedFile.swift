import Foundation

/// Reads a file Parapet itself depends on (a configuration, lock, pack file, environment file)
/// without ever blocking or reading without end.
///
/// A FIFO, a device such as `/dev/zero`, a socket or a folder is refused before a byte is read
/// (the file is opened with `O_NONBLOCK`, so opening a FIFO cannot wait for a writer, and its
/// type is checked with `fstat` on the open descriptor); reading stops at `limit` bytes.
public enum BoundedFile {
  /// No file Parapet reads for itself is legitimately larger (the HSTS preload list in a pack's
  /// data is a few MiB); the same cap as for evidence files.
  public static let defaultLimit = 64 << 20

  /// Why a file could not be read, in words that fit after `path: `.
  public struct Failure: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var reason: String
    public var description: String { "\(path): \(reason)" }
  }

  /// The file's bytes. With `allowSpecial` (only for paths the user typed, e.g.
  /// `--env-file <(…)`), FIFOs and character devices are read too, still up to `limit`.
  public static func read(_ path: String, limit: Int = defaultLimit, allowSpecial: Bool = false) throws -> Data {
    let flags = O_RDONLY | O_CLOEXEC | (allowSpecial ? 0 : O_NONBLOCK)
    let descriptor = open(path, flags)
    guard descriptor >= 0 else { throw Failure(path: path, reason: errorText(errno)) }
    defer { close(descriptor) }
    var info = stat()
    guard fstat(descriptor, &info) == 0 else { throw Failure(path: path, reason: errorText(errno)) }
    let type = info.st_mode & S_IFMT
    let special = type == S_IFIFO || type == S_IFCHR
    guard type == S_IFREG || (allowSpecial && special) else {
      throw Failure(path: path, reason: "is \(kind(type)), not a regular file")
    }
    if type == S_IFREG && Int(info.st_size) > limit {
      throw Failure(path: path, reason: "is \(info.st_size) bytes; files are read up to \(limit) bytes")
    }
    var data = Data()
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let count = buffer.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress, $0.count) }
      if count < 0 {
        if errno == EINTR { continue }
        throw Failure(path: path, reason: errorText(errno))
      }
      if count == 0 { break }
      data.append(contentsOf: buffer[0..<count])
      if data.count > limit {
        throw Failure(path: path, reason: "is larger than \(limit) bytes, the most Parapet reads")
      }
    }
    return data
  }

  /// The file as UTF-8 text; invalid UTF-8 is an error naming the line of the first bad byte.
  public static func text(_ path: String, limit: Int = defaultLimit, allowSpecial: Bool = false) throws -> String {
    try utf8(read(path, limit: limit, allowSpecial: allowSpecial), path: path)
  }

  /// Decodes strictly: a file that is not valid UTF-8 is refused, never repaired or skipped.
  public static func utf8(_ data: Data, path: String) throws -> String {
    if let text = String(data: data, encoding: .utf8) { return text }
    // Find the first invalid sequence for the message.
    let bytes = [UInt8](data)
    var index = 0
    var line = 1
    while index < bytes.count {
      let byte = bytes[index]
      let length: Int
      switch byte {
      case 0x00...0x7F: length = 1
      case 0xC2...0xDF: length = 2
      case 0xE0...0xEF: length = 3
      case 0xF0...0xF4: length = 4
      default: length = 0
      }
      var valid = length > 0 && index + length <= bytes.count
      if valid && length > 1 {
        valid = bytes[(index + 1)..<(index + length)].allSatisfy { $0 & 0xC0 == 0x80 }
      }
      if !valid || (length > 1 && String(bytes: bytes[index..<(index + length)], encoding: .utf8) == nil) {
        throw Failure(
          path: "\(path):\(line)",
          reason: "not valid UTF-8 (byte 0x\(String(format: "%02X", byte)) at offset \(index)); save the file as UTF-8")
      }
      if byte == 0x0A { line += 1 }
      index += length
    }
    throw Failure(path: path, reason: "not valid UTF-8; save the file as UTF-8")
  }

  static func kind(_ type: mode_t) -> String {
    switch type {
    case S_IFDIR: return "a folder"
    case S_IFIFO: return "a FIFO (named pipe)"
    case S_IFCHR: return "a character device"
    case S_IFBLK: return "a block device"
    case S_IFSOCK: return "a socket"
    case S_IFLNK: return "a symbolic link"
    default: return "a special file"
    }
  }

  /// The C library's text for an errno value, lowercased to follow a colon.
  public static func errorText(_ code: Int32) -> String {
    String(cString: strerror(code)).lowercased()
  }
}
