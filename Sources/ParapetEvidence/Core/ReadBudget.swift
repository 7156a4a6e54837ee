import ParapetFacts

/// How much work a reader may do for one input, in proportion to its size.
///
/// Expansion is where hostile input turns a small file into gigabytes: variables that double
/// (`ARG A=$A$A`, uWSGI `%(a)`), aliases of aliases (YAML anchors), includes of includes (nginx
/// `conf.d/*.conf`). A reader creates one budget per input, charges every unit it produces
/// (bytes of expanded text, nodes, directives) and stops when `charge` fails. Going over is an
/// evidence error for that file naming the limit and the line where it was reached; the rest
/// of the scan goes on. Limits are `perInputByte` × the input's size, never less than
/// `minimum`, so real files are never near them and cost stays linear in the input.
public struct ReadBudget: Sendable {
  /// What is counted, in the plural: "bytes of expanded variables", "YAML nodes".
  public let unit: String
  /// The most that may be charged.
  public let limit: Int
  /// How the limit was computed, for the error message.
  public let rule: String
  /// Charged so far.
  public private(set) var used = 0
  /// Where the limit was first exceeded (the file and line), if it was.
  public private(set) var exceededAt: SourceLocation?

  /// How deep any reader nests (blocks, interpolations, includes) before refusing.
  public static let maximumDepth = 64

  /// A budget of `perInputByte` units per byte of an input of `inputBytes` bytes, at least
  /// `minimum`.
  public init(_ unit: String, inputBytes: Int, perInputByte: Int, minimum: Int) {
    self.unit = unit
    let (product, overflow) = max(inputBytes, 0).multipliedReportingOverflow(by: perInputByte)
    self.limit = max(minimum, overflow ? Int.max : product)
    self.rule = "\(perInputByte) per input byte, at least \(minimum)"
  }

  /// A budget for one evidence file.
  public init(_ unit: String, for file: EvidenceFile, perInputByte: Int, minimum: Int) {
    self.init(unit, inputBytes: file.data.count, perInputByte: perInputByte, minimum: minimum)
  }

  /// True when nothing is over the limit.
  public var isExceeded: Bool { exceededAt != nil }

  /// Charges `amount` units for work at `location`. Returns false (and remembers where) when
  /// the total would go over the limit; the caller stops producing.
  @discardableResult
  public mutating func charge(_ amount: Int, at location: @autoclosure () -> SourceLocation) -> Bool {
    if exceededAt != nil { return false }
    let (total, overflow) = used.addingReportingOverflow(max(amount, 0))
    if overflow || total > limit {
      exceededAt = location()
      return false
    }
    used = total
    return true
  }

  /// The evidence error for going over, naming the limit and where it was reached.
  public func error(reader: String) -> EvidenceError? {
    guard let exceededAt else { return nil }
    return EvidenceError(
      "input expands beyond the reading budget of \(limit) \(unit) (\(rule)); the rest of this file was not expanded",
      at: exceededAt, reader: reader)
  }

  /// The evidence error for nesting deeper than `maximumDepth`.
  public static func depthError(_ what: String, at location: SourceLocation, reader: String) -> EvidenceError {
    EvidenceError("\(what) nested deeper than \(maximumDepth) levels (the reading limit)", at: location, reader: reader)
  }
}
