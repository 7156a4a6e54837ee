import Foundation
import ParapetFacts

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
    // gzip or zlib headers, detected from the member's first bytes.
    let member = ZlibInflate.inflate(input, from: offset, windowBits: ZlibInflate.detectedFormat, limit: limit - output.count)
    switch member.ending {
    case .end:
      output.append(contentsOf: member.output)
      return member.consumed
    case .truncated: throw .corrupt(offset: input.count)
    case .failed: throw .corrupt(offset: offset + member.consumed)
    case .tooLarge: throw .tooLarge(limit: limit)
    }
  }
}
