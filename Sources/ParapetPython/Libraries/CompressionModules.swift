import ParapetFacts

/// CPython 3.12's `zlib.decompress(data, wbits)` (Modules/zlibmodule.c) and
/// `gzip.decompress(data)` (Lib/gzip.py: every member, zero padding between them), over zlib
/// itself (`ZlibInflate`): the text of a compressed configuration, or the exception CPython
/// raises (zlib.error with zlib's message, gzip.BadGzipFile, EOFError).
extension PythonEvaluator {
  /// Decompressed output larger than this is not followed (a decompression bomb).
  static let decompressedLimit = 64 * 1024 * 1024

  /// The call's value, or nil for other names.
  func compressionCall(
    _ name: String, _ positional: [PythonValue], _ keywords: [(String, PythonValue)], at location: SourceLocation
  ) throws(PythonException) -> PythonValue? {
    guard name == "gzip.decompress" || name == "zlib.decompress" else { return nil }
    let sources = positional + keywords.map(\.1)
    let parameters = name == "zlib.decompress" ? ["wbits", "bufsize"] : []
    guard let data = positional.first, positional.count <= 1 + parameters.count, keywords.allSatisfy({ parameters.contains($0.0) }) else {
      return .unknown("\(name)() with arguments Parapet does not model", at: location).merging(sources)
    }
    guard let bytes = data.byteValues else {
      if data.stringValue != nil {
        throw PythonException(type: "TypeError", message: "a bytes-like object is required, not 'str'", location: location)
      }
      return .unknown("\(name)() of \(data.isUnknown ? "a value that is not known" : data.typeName)", at: location).merging(sources)
    }
    let output: [UInt8]?
    if name == "zlib.decompress" {
      let given = positional.count > 1 ? positional[1] : keywords.first { $0.0 == "wbits" }?.1
      var windowBits = ZlibInflate.zlibFormat
      if let given {
        // The window sizes zlib's inflateInit2 accepts (zlib, gzip, detected, raw).
        guard case .integer(let number) = given.kind, [8...15, 24...31, 40...47, -15 ... -8].contains(where: { $0.contains(number) }) else {
          return .unknown("zlib.decompress() with wbits Parapet does not model", at: location).merging(sources)
        }
        windowBits = Int32(number)
      }
      output = try zlibDecompress(bytes, windowBits: windowBits, at: location)
    } else {
      output = try gzipDecompress(bytes, at: location)
    }
    guard let output else { return .unknown("\(name)() of data that decompresses to more than \(Self.decompressedLimit) bytes", at: location).merging(sources) }
    return PythonValue.bytes(output, at: location).merging(sources)
  }

  /// `zlib.decompress`: one stream; what follows its end is ignored. Nil when too large.
  private func zlibDecompress(_ bytes: [UInt8], windowBits: Int32, at location: SourceLocation) throws(PythonException) -> [UInt8]? {
    let stream = ZlibInflate.inflate(bytes, windowBits: windowBits, limit: Self.decompressedLimit)
    switch stream.ending {
    case .end: return stream.output
    case .tooLarge: return nil
    // CPython inflates with Z_FINISH: input that stops short ends in Z_BUF_ERROR.
    case .truncated: throw Self.zlibError(code: -5, message: nil, at: location)
    case .failed(let code, let message): throw Self.zlibError(code: code, message: message, at: location)
    }
  }

  /// `gzip.decompress`: members one after the other, each a header, raw deflate data and a
  /// CRC-32/length trailer; zero bytes after a member are skipped. Nil when too large.
  private func gzipDecompress(_ input: [UInt8], at location: SourceLocation) throws(PythonException) -> [UInt8]? {
    let truncated = PythonException(
      type: "EOFError", message: "Compressed file ended before the end-of-stream marker was reached", location: location)
    func badFile(_ message: String) -> PythonException { PythonException(type: "gzip.BadGzipFile", message: message, location: location) }
    var output: [UInt8] = []
    var data = input[...]
    while !data.isEmpty {
      let start = data.startIndex
      guard data.starts(with: [0x1F, 0x8B]) else { throw badFile("Not a gzipped file (\(PythonValue.bytesRepr(Array(data.prefix(2)))))") }
      guard data.count >= 10 else { throw truncated }
      guard data[start + 2] == 8 else { throw badFile("Unknown compression method") }
      let flags = data[start + 3]
      var position = start + 10
      if flags & 4 != 0 {
        // FEXTRA: a little-endian length, then that many bytes.
        guard data.endIndex - position >= 2 else { throw truncated }
        let length = Int(data[position]) | Int(data[position + 1]) << 8
        position += 2
        guard data.endIndex - position >= length else { throw truncated }
        position += length
      }
      for flag in [UInt8(8), 16] where flags & flag != 0 {
        // FNAME, FCOMMENT: zero-terminated (or cut by the end of the data).
        while position < data.endIndex {
          position += 1
          if data[position - 1] == 0 { break }
        }
      }
      if flags & 2 != 0 {
        // FHCRC: read, not checked (as Lib/gzip.py).
        guard data.endIndex - position >= 2 else { throw truncated }
        position += 2
      }
      let member = ZlibInflate.inflate(Array(data[position...]), windowBits: ZlibInflate.rawDeflate, limit: Self.decompressedLimit - output.count)
      switch member.ending {
      case .end: break
      case .tooLarge: return nil
      case .truncated: throw truncated
      case .failed(let code, let message): throw Self.zlibError(code: code, message: message, at: location)
      }
      let trailer = data[(position + member.consumed)...]
      guard trailer.count >= 8 else { throw truncated }
      func word(_ offset: Int) -> UInt32 {
        (0..<4).reduce(UInt32(0)) { $0 | UInt32(trailer[trailer.startIndex + offset + $1]) << (8 * $1) }
      }
      guard word(0) == ZlibInflate.crc32(member.output) else { throw badFile("CRC check failed") }
      guard word(4) == UInt32(truncatingIfNeeded: member.output.count) else { throw badFile("Incorrect length of data produced") }
      output += member.output
      data = trailer.dropFirst(8).drop { $0 == 0 }
    }
    return output
  }

  /// Modules/zlibmodule.c's `zlib_error`: zlib's message, or the one it stands for.
  static func zlibError(code: Int32, message: String?, at location: SourceLocation) -> PythonException {
    let known: [Int32: String] = [-5: "incomplete or truncated stream", -2: "inconsistent stream state", -3: "invalid input data"]
    let text = message ?? known[code]
    return PythonException(
      type: "zlib.error", message: "Error \(code) while decompressing data" + (text.map { ": \($0)" } ?? ""), location: location)
  }
}
