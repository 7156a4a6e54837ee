import Foundation
import OrderedCollections
import ParapetFacts

/// `raw.http[path]` of a HAR file: every entry's request and response as recorded, each node at
/// the line and column of its JSON value with its JSON path (`log.entries[3].response.status`,
/// 0-based as `jq` writes it) in `SourceLocation.path`.
///
/// Built from the parsed document in one pass over the entries; header lists are built once
/// per message, so the cost is linear in the size of the capture.
enum HARRawExchanges {
  static func entry(_ document: Fact, file: EvidenceFile) -> Fact {
    guard case .list(let entries)? = document["log"]?["entries"]?.value else {
      return HTTPRawLayer.entry(format: "har", exchanges: [], file: file)
    }
    var exchanges: [Fact] = []
    exchanges.reserveCapacity(entries.count)
    for (number, entry) in entries.enumerated() {
      guard case .map = entry.value else { continue }
      let base = "log.entries[\(number)]"
      var map: OrderedDictionary<String, Fact> = [:]
      if let request = entry["request"], case .map = request.value {
        map["request"] = message(request, path: base + ".request", isRequest: true)
      }
      if let response = entry["response"], case .map = response.value {
        map["response"] = message(response, path: base + ".response", isRequest: false)
      }
      if let page = scalar(entry["pageref"], base + ".pageref") { map["page"] = page }
      if let started = scalar(entry["startedDateTime"], base + ".startedDateTime") { map["started"] = started }
      if let time = scalar(entry["time"], base + ".time") { map["time"] = time }
      exchanges.append(.map(map, at: HARReader.at(entry.location, base)))
    }
    return HTTPRawLayer.entry(format: "har", exchanges: exchanges, file: file)
  }

  /// A request or response object of an entry.
  static func message(_ object: Fact, path: String, isRequest: Bool) -> Fact {
    var map: OrderedDictionary<String, Fact> = [:]
    if isRequest {
      if let method = scalar(object["method"], path + ".method") { map["method"] = method }
      if let url = scalar(object["url"], path + ".url") { map["url"] = url }
    } else {
      if let status = scalar(object["status"], path + ".status") { map["status"] = status }
      if let text = scalar(object["statusText"], path + ".statusText") { map["status_text"] = text }
    }
    if let version = scalar(object["httpVersion"], path + ".httpVersion") { map["http_version"] = version }
    var headers: [Fact] = []
    if case .list(let items)? = object["headers"]?.value {
      headers.reserveCapacity(items.count)
      for (position, item) in items.enumerated() {
        guard let nameFact = item["name"], let name = nameFact.value.stringValue else { continue }
        let at = path + ".headers[\(position)]"
        headers.append(HTTPRawLayer.header(
          name: name, value: HARReader.stringish(item["value"]), at: HARReader.at(item.location, at),
          nameAt: HARReader.at(nameFact.location, at + ".name"),
          valueAt: HARReader.at(item["value"]?.location ?? item.location, at + ".value")))
      }
    }
    map["headers"] = .list(headers, at: HARReader.at(object["headers"]?.location ?? object.location, path + ".headers"))
    if isRequest {
      if let post = object["postData"], case .map = post.value {
        map["body"] = body(post, path: path + ".postData", size: object["bodySize"], sizePath: path + ".bodySize")
      }
    } else if let content = object["content"], case .map = content.value {
      map["body"] = body(content, path: path + ".content", size: content["size"], sizePath: path + ".content.size")
      if let redirect = object["redirectURL"], redirect.value.stringValue?.isEmpty == false,
        let fact = scalar(redirect, path + ".redirectURL")
      {
        map["redirect_url"] = fact
      }
    }
    return .map(map, at: HARReader.at(object.location, path))
  }

  /// `{ length, media_type, ref, encoding }` of a `content` or `postData` object. `length` is
  /// the recorded size when it is a number of bytes, else the length of the recorded text.
  static func body(_ object: Fact, path: String, size: Fact?, sizePath: String) -> Fact {
    let text = object["text"]
    let location = HARReader.at(text?.location ?? object.location, path + (text == nil ? "" : ".text"))
    var length: Fact?
    if case .integer(let bytes)? = size?.value, bytes >= 0 {
      length = Fact(.integer(bytes), at: HARReader.at(size?.location, sizePath))
    } else if let body = text?.value.stringValue {
      length = .integer(body.utf8.count, at: location)
    }
    var extra: OrderedDictionary<String, Fact> = [:]
    if let encoding = scalar(object["encoding"], path + ".encoding") { extra["encoding"] = encoding }
    return HTTPRawLayer.body(
      length: length, mediaType: object["mimeType"]?.value.stringValue,
      ref: text?.value.stringValue == nil ? nil : path + ".text", extra: extra, at: location)
  }

  /// A scalar JSON value as recorded (string, number, boolean), located with its path.
  static func scalar(_ fact: Fact?, _ path: String) -> Fact? {
    guard var fact else { return nil }
    switch fact.value {
    case .string, .integer, .number, .bool:
      fact.location = HARReader.at(fact.location, path)
      return fact
    default:
      return nil
    }
  }
}
