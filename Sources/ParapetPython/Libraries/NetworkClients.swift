import ParapetFacts

/// Clients of search and database servers built while the settings import (IntelOwl builds an
/// `Elasticsearch` client in its settings and calls `info()` on it): building one connects to
/// nothing, but most of its methods send a request to the server, which may not be reachable
/// where Django runs, and then raise. Whether they do is not in the scanned files, so the load
/// is in doubt (DJ-LOAD unknown) unless a handler may catch it; the answer is unknown.
extension PythonEvaluator {
  /// Client classes by qualified name: the exception a request raises when the server cannot be
  /// reached, and the methods that never send one (or never raise: `ping()` answers False).
  static let networkClientClasses: [String: (raises: String, quiet: Set<String>)] = [
    "elasticsearch.Elasticsearch": ("elastic_transport.ConnectionError", ["ping", "options", "close", "transport"]),
    "elasticsearch.AsyncElasticsearch": ("elastic_transport.ConnectionError", ["options", "close", "transport"]),
    "opensearchpy.OpenSearch": ("opensearchpy.exceptions.ConnectionError", ["ping", "close", "transport"]),
    "pymongo.MongoClient": ("pymongo.errors.ServerSelectionTimeoutError", ["close", "get_database", "get_default_database", "codec_options"]),
    "pysolr.Solr": ("pysolr.SolrError", ["get_session"]),
    "meilisearch.Client": ("meilisearch.errors.MeilisearchCommunicationError", ["index", "config"]),
  ]

  /// The qualified client class of `type`, also when it is named through a submodule
  /// (`elasticsearch.client.Elasticsearch`).
  static func networkClientClass(_ type: String) -> String? {
    if networkClientClasses[type] != nil { return type }
    let parts = type.split(separator: ".")
    guard parts.count > 2 else { return nil }
    let short = "\(parts[0]).\(parts[parts.count - 1])"
    return networkClientClasses[short] != nil ? short : nil
  }

  /// A method of a client: a request to the server, unless the method sends none.
  func networkClientMethod(_ type: String, _ method: String, at location: SourceLocation) -> PythonValue {
    guard let client = Self.networkClientClass(type), let model = Self.networkClientClasses[client] else {
      return .unknown("\(method)() of \(type)", at: location)
    }
    if !model.quiet.contains(method) {
      notePossibleRaise(
        SkippedRaise(
          type: model.raises, location: location,
          message: "\(client).\(method)() sends a request to the server, which may not be reachable where Django runs"),
        because: "the settings talk to a server while they load", at: location)
    }
    var answer = PythonValue.unknown("the answer of the server to \(client).\(method)()", at: location)
    answer.anyType = true
    return answer
  }
}
