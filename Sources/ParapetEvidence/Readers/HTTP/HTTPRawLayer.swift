import Foundation
import OrderedCollections
import ParapetFacts

/// The parts of `raw.http[path]` every capture format shares (docs/facts/http.md, "Raw layer"):
/// the file entry, header fields and body references.
///
/// Headers are written as recorded, in wire order with duplicates and the original case of
/// names. A header that carries a credential (`Authorization`, `Cookie`, `Set-Cookie`, token
/// headers: the HTTP readers' one list in `SecretDetector.isCredentialHeader`) has a `secret`
/// value (strength and fingerprint of the credential) and, always, its structure in `masked`
/// (`sid=****; Secure; HttpOnly`); any other value is the text with embedded secrets masked.
/// Bodies are never copied: `body.ref` says where the body is in the file.
enum HTTPRawLayer {
  /// `{ format, exchanges }` for one capture file.
  static func entry(format: String, exchanges: [Fact], file: EvidenceFile) -> Fact {
    .map(
      [
        "format": .string(format, at: file.at()),
        "exchanges": .list(exchanges, at: file.at()),
      ], at: file.at())
  }

  /// One header field: `{ name, value }`, plus `masked` when the value is a secret.
  static func header(
    name: String, value: String, at location: SourceLocation?, nameAt: SourceLocation? = nil,
    valueAt: SourceLocation? = nil
  ) -> Fact {
    var map: OrderedDictionary<String, Fact> = ["name": .string(name, at: nameAt ?? location)]
    let valueLocation = valueAt ?? location
    let masked = SecretDetector.maskHeader(name: name, value: value)
    if let secret = SecretDetector.secretHeaderValue(name: name, value: value) {
      // An empty credential (`sid=; Max-Age=0`) hides nothing: the text stays readable.
      map["value"] = secret.isEmpty ? .string(value, at: valueLocation) : Fact(.secret(secret), at: valueLocation)
      map["masked"] = .string(masked, at: valueLocation)
    } else {
      map["value"] = .string(masked, at: valueLocation)
    }
    return .map(map, at: location)
  }

  /// `{ length, media_type, ref }`: the body by reference. `length` is the decoded size when
  /// known; `ref` names where the body is in the file.
  static func body(length: Fact?, mediaType: String?, ref: String?, extra: OrderedDictionary<String, Fact> = [:], at location: SourceLocation?) -> Fact {
    var map: OrderedDictionary<String, Fact> = [:]
    if let length { map["length"] = length }
    if let mediaType { map["media_type"] = .string(mediaType, at: location) }
    if let ref { map["ref"] = .string(ref, at: location) }
    for (key, value) in extra { map[key] = value }
    return .map(map, at: location)
  }

  /// The media type of a `Content-Type` value: before the first `;`, trimmed, as written.
  static func mediaType(_ contentType: String?) -> String? {
    guard let contentType else { return nil }
    let media = HTTPText.trimOWS(String(contentType.prefix { $0 != ";" }))
    return media.isEmpty ? nil : media
  }

  /// The first `Content-Type` among header fields.
  static func contentType(_ headers: [HTTPHeaderField]) -> String? {
    headers.first { $0.lowercasedName == "content-type" }?.value
  }

  /// The response side of an exchange read from a dump or an archive (status line, headers,
  /// body reference).
  static func response(_ exchange: HTTPExchange, body: Fact?) -> Fact {
    var map: OrderedDictionary<String, Fact> = [:]
    map["status"] = .integer(exchange.status, at: exchange.statusLocation)
    map["status_text"] = .string(exchange.statusText, at: exchange.statusLocation)
    if !exchange.httpVersion.isEmpty {
      map["http_version"] = .string(exchange.httpVersion, at: exchange.statusLocation)
    }
    map["headers"] = .list(
      exchange.headers.map { header(name: $0.name, value: $0.value, at: $0.location) }, at: exchange.location)
    if let body { map["body"] = body }
    return .map(map, at: exchange.statusLocation ?? exchange.location)
  }

  /// The request URL, or an unknown when the capture does not say.
  static func url(_ url: String?, at location: SourceLocation?) -> Fact {
    url.map { .string($0, at: location) }
      ?? .unknown("the capture does not say which URL was requested", at: location)
  }
}
