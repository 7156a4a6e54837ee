/// CPython 3.12's `binascii.a2b_base64`, which `base64.b64decode` calls, step for step
/// (Modules/binascii.c): how a settings file's base64 text decodes, or which
/// `binascii.Error` it raises.
enum Binascii {
  /// `binascii.Error`'s message.
  struct Failure: Error, Equatable {
    var message: String
  }

  /// The value of each base64 character of the standard alphabet; nil for the others (`=` is
  /// handled apart).
  private static let values: [UInt8: UInt8] = {
    var table: [UInt8: UInt8] = [:]
    for (index, character) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
      table[character] = UInt8(index)
    }
    return table
  }()

  /// Decodes `data`. Not strict (`validate=False`): characters outside the alphabet are
  /// discarded, and a complete pad sequence ends the data (what follows is ignored). Strict:
  /// those raise instead.
  static func a2bBase64(_ data: [UInt8], strict: Bool) throws(Failure) -> [UInt8] {
    var output: [UInt8] = []
    output.reserveCapacity(data.count / 4 * 3 + 3)
    var quadPosition = 0
    var leftover: UInt8 = 0
    var pads = 0
    var paddingStarted = false
    if strict, data.first == UInt8(ascii: "=") { throw Failure(message: "Leading padding not allowed") }
    for (index, character) in data.enumerated() {
      if character == UInt8(ascii: "=") {
        paddingStarted = true
        // Pads count only after two or three characters of a quad; enough of them end the data.
        guard quadPosition >= 2 else { continue }
        pads += 1
        if quadPosition + pads >= 4 {
          if strict && index + 1 < data.count { throw Failure(message: "Excess data after padding") }
          return output
        }
        continue
      }
      guard let value = values[character] else {
        if strict { throw Failure(message: "Only base64 data is allowed") }
        continue
      }
      if strict && paddingStarted { throw Failure(message: "Discontinuous padding not allowed") }
      pads = 0
      switch quadPosition {
      case 0:
        quadPosition = 1
        leftover = value
      case 1:
        quadPosition = 2
        output.append(leftover << 2 | value >> 4)
        leftover = value & 0x0F
      case 2:
        quadPosition = 3
        output.append(leftover << 4 | value >> 2)
        leftover = value & 0x03
      default:
        quadPosition = 0
        output.append(leftover << 6 | value)
        leftover = 0
      }
    }
    guard quadPosition == 0 else {
      if quadPosition == 1 {
        // One character past a whole number of quads: no input encodes to that.
        throw Failure(
          message: "Invalid base64-encoded string: number of data characters (\(output.count / 3 * 4 + 1)) cannot be 1 more than a multiple of 4")
      }
      throw Failure(message: "Incorrect padding")
    }
    return output
  }
}
