import ParapetFacts

/// Calls that open a network connection while the settings load: `requests.get(url)` to a
/// cloud metadata service, a configuration server, a secrets API.
///
/// Whether such a call succeeds depends on the network where Django runs, which no scanned file
/// says: off EC2, Every Election's `requests.put("http://169.254.169.254/...")` raises
/// `ConnectionError` and the settings do not load (recorded against Django). So the call is a
/// possible load error, or, under a `try` that catches it, a handler that may run. What it
/// returns stays unknown, as for any call Parapet does not model.
extension PythonEvaluator {
  /// Functions that connect when called, by library, with the class they raise when they cannot
  /// connect and that class's bases (most derived first).
  static let networkCalls: [String: (type: String, ancestors: [String])] = {
    var calls: [String: (type: String, ancestors: [String])] = [:]
    let requests = (type: "requests.exceptions.ConnectionError", ancestors: ["requests.exceptions.RequestException", "OSError"])
    for verb in ["get", "post", "put", "patch", "delete", "head", "options", "request"] {
      calls["requests." + verb] = requests
      calls["requests.api." + verb] = requests
      calls["httpx." + verb] = (type: "httpx.ConnectError", ancestors: ["httpx.TransportError", "httpx.RequestError", "httpx.HTTPError"])
    }
    calls["urllib.request.urlopen"] = (type: "urllib.error.URLError", ancestors: ["OSError"])
    return calls
  }()

  /// Records that the settings call `name`, a function that connects: a possible load error, or
  /// a handler of an enclosing `try` that may run. False when `name` does not connect.
  func noteNetworkCall(_ name: String, at location: SourceLocation) -> Bool {
    guard let raised = Self.networkCalls[name] else { return false }
    var error = PythonException(
      type: raised.type,
      message: "\(name)() at \(location) connects to the network while the settings load, and raises when the host Django runs on cannot reach the server, "
        + "which no scanned file says",
      location: location)
    error.ancestors = raised.ancestors
    if let guarding = activeHandlers.last(where: { entry in entry.handlers.contains { Self.handles($0, error) } }) {
      noteUncertain(guarding.module, raising: error)
      return true
    }
    if !possibleLoadErrors.contains(where: { $0.message == error.message }) { possibleLoadErrors.append(error) }
    return true
  }
}
