import CZlib
import Foundation

/// Inflates gzip data with zlib: every member of a multi-member stream (a `.warc.gz` is one
/// gzip member per record), or a single gzip/zlib body (`Content-Encoding: gzip`/`deflate`).
///
/// Output is bounded: a decompression bomb stops at `limit` bytes with an error that names the
/// limit, instead of filling memory.
enum Gzip {
  enum Failure: Error, Equatable {
    /// The data is not valid gzip/zlib at this compressed offset.
    case corrupt(offset: Int)
    /// The output would exceed the limit.
    case tooLarge(limit: Int)
  }

  /// True when `data` starts with the gzip magic bytes.
  static func isGzip(_ data: Data) -> Bool {
    data.count >= 2 && data[data.startIndex] == 0x1F && data[data.startIndex + 1] == 0x8B
  }

  /// Inflates every gzip member of `data` in turn (or one zlib stream when `raw` is false and
  /// the data is not gzip), up to `limit` output bytes.
  static func inflate(_ data: Data, limit: Int) throws(Failure) -> Data {
    var output = Data()
    var offset = 0
    let input = [UInt8](data)
    while offset < input.count {
      // Trailing zero padding after the last member is allowed (some writers pad blocks).
      if input[offset...].allSatisfy({ $0 == 0 }) { break }
      let consumed = try inflateMember(input, from: offset, into: &output, limit: limit)
      if consumed == 0 { throw .corrupt(offset: offset) }
      offset += consumed
    }
    return output
  }

  /// Inflates one member starting at `offset`; returns how many input bytes it used.
  private static func inflateMember(
    _ input: [UInt8], from offset: Int, into output: inout Data, limit: Int
  ) throws(Failure) -> Int {
    var stream = z_stream()
    // 15 + 32: detect gzip or zlib headers automatically.
    guard inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
      throw .corrupt(offset: offset)
    }
    defer { inflateEnd(&stream) }
    let chunkSize = 64 * 1024
    var buffer = [UInt8](repeating: 0, count: chunkSize)
    var status: Int32 = Z_OK
    let remaining = input.count - offset
    var failure: Failure?
    input.withUnsafeBufferPointer { all in
      stream.next_in = UnsafeMutablePointer(mutating: all.baseAddress! + offset)
      stream.avail_in = UInt32(clamping: remaining)
      repeat {
        let produced: Int = buffer.withUnsafeMutableBufferPointer { out in
          stream.next_out = out.baseAddress
          stream.avail_out = UInt32(chunkSize)
          status = CZlib.inflate(&stream, Z_NO_FLUSH)
          return chunkSize - Int(stream.avail_out)
        }
        if status != Z_OK && status != Z_STREAM_END && !(status == Z_BUF_ERROR && produced > 0) {
          failure = .corrupt(offset: offset + (remaining - Int(stream.avail_in)))
          return
        }
        if output.count + produced > limit {
          failure = .tooLarge(limit: limit)
          return
        }
        output.append(contentsOf: buffer[0..<produced])
        if produced == 0 && stream.avail_in == 0 && status != Z_STREAM_END {
          // Truncated member: keep what was inflated, report the end.
          failure = .corrupt(offset: input.count)
          return
        }
      } while status != Z_STREAM_END
    }
    if let failure { throw failure }
    return remaining - Int(stream.avail_in)
  }
}
