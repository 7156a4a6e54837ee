import Crypto
import Foundation

/// Finding fingerprints: SHA-256 over the parts that identify a problem, with values that
/// change between captures masked first.
public enum Fingerprint {
  /// Masks digits runs, long hex/base64 tokens (nonces, session ids) and quoted values.
  public static func normalize(_ message: String) -> String {
    var out = ""
    var token = ""
    func flush() {
      if token.isEmpty { return }
      let hasDigit = token.contains { $0.isNumber }
      if token.count >= 12 && hasDigit {
        out += "<token>"
      } else if token.allSatisfy({ $0.isNumber }) {
        out += "<n>"
      } else {
        out += token
      }
      token = ""
    }
    for character in message {
      if character.isLetter || character.isNumber || character == "+" || character == "/"
        || character == "=" || character == "_" || character == "-"
      {
        token.append(character)
      } else {
        flush()
        out.append(character)
      }
    }
    flush()
    return out
  }

  /// The full SHA-256 of a text, in hex.
  public static func sha256Hex(_ text: String) -> String {
    SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
  }

  /// First 16 hex digits of SHA-256.
  public static func digest(_ text: String) -> String {
    let hash = SHA256.hash(data: Data(text.utf8))
    return hash.prefix(8).map { String(format: "%02x", $0) }.joined()
  }
}
