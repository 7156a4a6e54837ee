import Foundation
import ParapetFacts

/// What the Observatory takes from a page's HTML: `<meta>` policies and every `<script>`.
public struct HTMLEvidence: Sendable {
  /// A `<meta http-equiv="content-security-policy">` with non-empty content.
  public struct MetaPolicy: Sendable {
    public var content: String
    public var line: Int
  }
  /// One `<script>` start tag.
  public struct Script: Sendable {
    /// The `src` attribute; nil when absent.
    public var src: String?
    public var integrity: String?
    public var crossorigin: String?
    public var nonce: Bool
    public var type: String?
    public var line: Int
    public var column: Int
  }

  public var cspMetas: [MetaPolicy] = []
  /// The content of the last `<meta name="referrer">` that the Observatory would use.
  public var referrer: String?
  public var referrerLine: Int?
  public var scripts: [Script] = []

  /// Extracts metas and scripts with the Observatory's rules: the `http-equiv` value is trimmed
  /// and compared case-insensitively; a meta that has both `http-equiv` and `content` is never a
  /// referrer meta; the last referrer meta with content wins.
  public init(html: String) {
    for tag in HTMLTokenizer.startTags(html) {
      switch tag.name {
      case "meta":
        if let equiv = tag.attributes["http-equiv"], let content = tag.attributes["content"] {
          if !content.isEmpty,
            HTTPText.jsTrim(equiv).lowercased() == "content-security-policy"
          {
            cspMetas.append(MetaPolicy(content: content, line: tag.line))
          }
        } else if let name = tag.attributes["name"],
          HTTPText.jsTrim(name).lowercased() == "referrer",
          let content = tag.attributes["content"], !content.isEmpty
        {
          referrer = content
          referrerLine = tag.line
        }
      case "script":
        scripts.append(
          Script(
            src: tag.attributes["src"], integrity: tag.attributes["integrity"],
            crossorigin: tag.attributes["crossorigin"], nonce: tag.attributes["nonce"] != nil,
            type: tag.attributes["type"], line: tag.line, column: tag.column))
      default: break
      }
    }
  }
}
