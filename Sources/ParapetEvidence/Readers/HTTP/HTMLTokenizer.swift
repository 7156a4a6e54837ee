import Foundation
import OrderedCollections

/// A streaming HTML tokenizer that reports start tags with their attributes and positions.
///
/// It follows the tokenizer the Observatory uses (htmlparser2 with lower-cased names and decoded
/// entities), not a tree builder, because the Observatory collects `<meta>` and `<script>` at the
/// tokenizer level: a `<meta>` in `<noscript>` counts, one inside a comment, a `<script>` body,
/// `<style>`, `<title>` or `<textarea>` does not. Quoted and unquoted attributes, comments,
/// declarations and processing instructions are handled; the first of two equal attributes wins.
/// It works on bytes in one pass, so any input finishes in linear time.
public struct HTMLTokenizer {
  /// One start tag.
  public struct StartTag: Sendable {
    /// Lower-cased tag name.
    public var name: String
    /// Lower-cased attribute name → decoded value (an attribute without `=` has "").
    public var attributes: OrderedDictionary<String, String>
    /// 1-based line and column of the `<` in the document.
    public var line: Int
    public var column: Int
    /// True for `<tag/>`.
    public var selfClosing: Bool
    /// False when the document ended before the tag's `>`.
    public var complete: Bool = true
  }

  /// Elements whose content is text up to their end tag.
  /// (htmlparser2 12's special tags; `<plaintext>` makes the rest of the document text.)
  static let rawTextElements: Set<String> = [
    "script", "style", "title", "textarea", "xmp", "iframe", "noembed", "noframes",
  ]

  private let bytes: [UInt8]
  private var index = 0
  private var line = 1
  private var lineStart = 0

  private init(_ text: String) {
    bytes = Array(text.utf8)
  }

  /// Every start tag of `html`, in document order.
  public static func startTags(_ html: String) -> [StartTag] {
    var tokenizer = HTMLTokenizer(html)
    return tokenizer.run()
  }

  private mutating func run() -> [StartTag] {
    var tags: [StartTag] = []
    while index < bytes.count {
      guard bytes[index] == UInt8(ascii: "<"), index + 1 < bytes.count else {
        advance()
        continue
      }
      let next = bytes[index + 1]
      if isLetter(next) {
        let tag = readStartTag()
        // A tag cut off by the end of the document is never reported (htmlparser2 drops it).
        guard tag.complete else { break }
        tags.append(tag)
        // htmlparser2 does not recognize `/>` in HTML: `<script src=a.js />` still opens raw
        // text, so the next `<script>` before `</script>` is not a tag.
        if tag.name == "plaintext" {
          index = bytes.count
        } else if Self.rawTextElements.contains(tag.name) {
          skipRawText(until: tag.name)
        }
      } else if next == UInt8(ascii: "/") {
        advance(2)
        skip(through: UInt8(ascii: ">"))
      } else if next == UInt8(ascii: "!") {
        if matches("<!--") {
          advance(4)
          skipComment()
        } else {
          advance(2)
          skip(through: UInt8(ascii: ">"))
        }
      } else if next == UInt8(ascii: "?") {
        advance(2)
        skip(through: UInt8(ascii: ">"))
      } else {
        advance()
      }
    }
    return tags
  }

  private func isLetter(_ byte: UInt8) -> Bool {
    (65...90).contains(byte) || (97...122).contains(byte)
  }

  private func isSpace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0x0D
  }

  private mutating func advance(_ count: Int = 1) {
    for _ in 0..<count where index < bytes.count {
      if bytes[index] == 0x0A {
        line += 1
        lineStart = index + 1
      }
      index += 1
    }
  }

  private func matches(_ text: String) -> Bool {
    let pattern = Array(text.utf8)
    guard index + pattern.count <= bytes.count else { return false }
    return Array(bytes[index..<(index + pattern.count)]) == pattern
  }

  private mutating func skip(through byte: UInt8) {
    while index < bytes.count && bytes[index] != byte { advance() }
    advance()
  }

  private mutating func skipComment() {
    // `<!-->` and `<!--->` close at once, as in browsers and htmlparser2.
    if matches(">") {
      advance()
      return
    }
    if matches("->") {
      advance(2)
      return
    }
    // htmlparser2 also ends a comment at `--!>`.
    while index < bytes.count && !matches("-->") && !matches("--!>") { advance() }
    advance(matches("--!>") ? 4 : 3)
  }

  private mutating func skipRawText(until name: String) {
    let closing = Array(("</" + name).utf8)
    while index < bytes.count {
      if bytes[index] == UInt8(ascii: "<"), index + closing.count <= bytes.count {
        var equal = true
        for offset in 0..<closing.count {
          let byte = bytes[index + offset]
          let lower = (65...90).contains(byte) ? byte + 32 : byte
          if lower != closing[offset] {
            equal = false
            break
          }
        }
        let after = index + closing.count
        if equal && (after == bytes.count || isSpace(bytes[after]) || bytes[after] == UInt8(ascii: ">")
          || bytes[after] == UInt8(ascii: "/"))
        {
          return
        }
      }
      advance()
    }
  }

  private mutating func readStartTag() -> StartTag {
    let tagLine = line
    let tagColumn = index - lineStart + 1
    advance()  // <
    let nameStart = index
    while index < bytes.count, !isSpace(bytes[index]), bytes[index] != UInt8(ascii: "/"),
      bytes[index] != UInt8(ascii: ">")
    {
      advance()
    }
    let name = String(decoding: bytes[nameStart..<index], as: UTF8.self).lowercased()
    var attributes: OrderedDictionary<String, String> = [:]
    var selfClosing = false
    var complete = false
    while index < bytes.count {
      let byte = bytes[index]
      if byte == UInt8(ascii: ">") {
        advance()
        complete = true
        break
      }
      if isSpace(byte) {
        advance()
        continue
      }
      if byte == UInt8(ascii: "/") {
        advance()
        if index < bytes.count && bytes[index] == UInt8(ascii: ">") {
          selfClosing = true
          complete = true
          advance()
          break
        }
        continue
      }
      // An attribute name runs to whitespace, `=`, `/` or `>`.
      let attributeStart = index
      advance()
      while index < bytes.count, !isSpace(bytes[index]), bytes[index] != UInt8(ascii: "="),
        bytes[index] != UInt8(ascii: ">"), bytes[index] != UInt8(ascii: "/")
      {
        advance()
      }
      let attributeName = String(decoding: bytes[attributeStart..<index], as: UTF8.self)
        .lowercased()
      while index < bytes.count && isSpace(bytes[index]) { advance() }
      var value = ""
      if index < bytes.count && bytes[index] == UInt8(ascii: "=") {
        advance()
        while index < bytes.count && isSpace(bytes[index]) { advance() }
        if index < bytes.count && (bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'")) {
          let quote = bytes[index]
          advance()
          let valueStart = index
          while index < bytes.count && bytes[index] != quote { advance() }
          value = HTMLEntities.decode(String(decoding: bytes[valueStart..<index], as: UTF8.self))
          advance()
        } else {
          let valueStart = index
          while index < bytes.count, !isSpace(bytes[index]), bytes[index] != UInt8(ascii: ">") {
            advance()
          }
          value = HTMLEntities.decode(String(decoding: bytes[valueStart..<index], as: UTF8.self))
        }
      }
      if attributes[attributeName] == nil { attributes[attributeName] = value }
    }
    return StartTag(
      name: name, attributes: attributes, line: tagLine, column: tagColumn,
      selfClosing: selfClosing, complete: complete)
  }
}

/// Character references in attribute values: numeric ones and the common named ones.
enum HTMLEntities {
  private static let named: [String: String] = [
    "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}",
    "sol": "/", "colon": ":", "equals": "=", "num": "#", "period": ".", "comma": ",",
    "semi": ";", "lpar": "(", "rpar": ")", "excl": "!", "quest": "?", "percnt": "%",
    "plus": "+", "dollar": "$", "ast": "*", "lowbar": "_", "hyphen": "-", "tab": "\t",
    "newline": "\n",
  ]
  /// Named references browsers also accept without `;` (outside `name=`-like contexts).
  private static let legacy: Set<String> = ["amp", "lt", "gt", "quot", "nbsp"]

  static func decode(_ text: String) -> String {
    guard text.contains("&") else { return text }
    var out = ""
    var scalars = Array(text.unicodeScalars)
    scalars.append("\0")  // sentinel, never copied
    var position = 0
    let end = scalars.count - 1
    while position < end {
      let scalar = scalars[position]
      guard scalar == "&" else {
        out.unicodeScalars.append(scalar)
        position += 1
        continue
      }
      if scalars[position + 1] == "#" {
        var cursor = position + 2
        let hex = scalars[cursor] == "x" || scalars[cursor] == "X"
        if hex { cursor += 1 }
        let digitsStart = cursor
        var value: UInt32 = 0
        while cursor < end, let digit = Int(String(scalars[cursor]), radix: hex ? 16 : 10),
          cursor - digitsStart < 8
        {
          value = value * (hex ? 16 : 10) + UInt32(digit)
          cursor += 1
        }
        if cursor > digitsStart {
          if scalars[cursor] == ";" { cursor += 1 }
          let decoded = (value == 0 || value > 0x10FFFF) ? "\u{FFFD}" : (Unicode.Scalar(value) ?? "\u{FFFD}")
          out.unicodeScalars.append(decoded)
          position = cursor
          continue
        }
      } else {
        var cursor = position + 1
        while cursor < end, cursor - position <= 10,
          scalars[cursor].properties.isAlphabetic || ("0"..."9").contains(scalars[cursor])
        {
          cursor += 1
        }
        let name = String(String.UnicodeScalarView(scalars[(position + 1)..<cursor]))
        if let replacement = named[name] {
          if scalars[cursor] == ";" {
            out += replacement
            position = cursor + 1
            continue
          }
          if legacy.contains(name) && scalars[cursor] != "=" {
            out += replacement
            position = cursor
            continue
          }
        }
      }
      out.unicodeScalars.append(scalar)
      position += 1
    }
    return out
  }
}
