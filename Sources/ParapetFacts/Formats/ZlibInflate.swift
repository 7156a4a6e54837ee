import CZlib

/// One zlib `inflate` stream, the one place Parapet calls zlib to decompress: gzip members of
/// WARC files and HTTP bodies (evidence), and Python's `zlib.decompress`/`gzip.decompress` (the
/// settings evaluator), which need to know exactly how a stream ended to raise what CPython
/// raises.
public enum ZlibInflate {
  /// How the stream ended.
  public enum Ending: Equatable, Sendable {
    /// The end-of-stream marker (and, for gzip/zlib formats, a matching check value).
    case end
    /// The input ran out before the end of the stream.
    case truncated
    /// zlib refused the data: its status code (`Z_DATA_ERROR` is -3) and message.
    case failed(code: Int32, message: String?)
    /// The output would exceed the limit (a decompression bomb).
    case tooLarge
  }

  /// What inflating gave: the output so far, how many input bytes the stream used (the rest
  /// follows it: trailers, further members) and how it ended.
  public struct Result: Sendable {
    public var output: [UInt8]
    public var consumed: Int
    public var ending: Ending
  }

  /// The `windowBits` for a zlib stream (as `zlib.decompress` defaults to), a gzip member, one
  /// of either (detected from the header), or raw deflate data.
  public static let zlibFormat: Int32 = 15
  public static let gzipFormat: Int32 = 15 + 16
  public static let detectedFormat: Int32 = 15 + 32
  public static let rawDeflate: Int32 = -15

  /// Inflates the stream that starts at `offset` of `input`, in the format `windowBits` gives
  /// (zlib's own parameter, as Python's `wbits`), up to `limit` output bytes.
  public static func inflate(_ input: [UInt8], from offset: Int = 0, windowBits: Int32, limit: Int) -> Result {
    var stream = z_stream()
    guard inflateInit2_(&stream, windowBits, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
      return Result(output: [], consumed: 0, ending: .failed(code: Z_STREAM_ERROR, message: message(of: stream)))
    }
    defer { inflateEnd(&stream) }
    let chunkSize = 64 * 1024
    var buffer = [UInt8](repeating: 0, count: chunkSize)
    var output: [UInt8] = []
    let remaining = max(input.count - offset, 0)
    var ending: Ending = .truncated
    // An empty buffer still needs a valid pointer for zlib to report the truncation.
    let padded = input.isEmpty ? [0] : input
    padded.withUnsafeBufferPointer { all in
      stream.next_in = UnsafeMutablePointer(mutating: all.baseAddress! + min(offset, input.count))
      stream.avail_in = UInt32(clamping: remaining)
      while true {
        var status: Int32 = Z_OK
        let produced: Int = buffer.withUnsafeMutableBufferPointer { out in
          stream.next_out = out.baseAddress
          stream.avail_out = UInt32(chunkSize)
          status = CZlib.inflate(&stream, Z_NO_FLUSH)
          return chunkSize - Int(stream.avail_out)
        }
        if output.count + produced > limit {
          ending = .tooLarge
          return
        }
        output += buffer[0..<produced]
        switch status {
        case Z_STREAM_END:
          ending = .end
          return
        case Z_OK, Z_BUF_ERROR:
          // No progress and no input left: the stream stops short of its end.
          if produced == 0 && stream.avail_in == 0 { return }
        default:
          ending = .failed(code: status, message: message(of: stream))
          return
        }
      }
    }
    return Result(output: output, consumed: remaining - Int(stream.avail_in), ending: ending)
  }

  /// The CRC-32 of `bytes` (a gzip member's check value).
  public static func crc32(_ bytes: [UInt8]) -> UInt32 {
    bytes.withUnsafeBufferPointer { UInt32(CZlib.crc32(0, $0.baseAddress, UInt32(clamping: $0.count))) }
  }

  private static func message(of stream: z_stream) -> String? {
    stream.msg.map { String(cString: $0) }
  }
}
