import ParapetFacts

/// Lists whose items are partly known. Real settings extend known lists with what Parapet
/// cannot know (`INSTALLED_APPS += PLUGINS` from entry points, `env.list("EXTRA")`, appends in a
/// loop over an unknown iterable, an append under an undecidable `if`). Instead of making the
/// whole list unknown, the known items are kept and the unknown part is one item marked
/// `manyItems` ("zero or more items from X") at the position where it was added, so `"x" in L`
/// is still True for a known "x", while counts, positions and absence stay unknown.
extension PythonEvaluator {
  /// The items `L += value` / `L.extend(value)` / `[*value]` add: the items of a known
  /// iterable, those of a partly known list (its unknown part included), or one unknown part
  /// standing for the items of a value Parapet does not know. nil for a value that is known
  /// not to be a sequence of items (an int, None), which the caller treats as before.
  func addedItems(_ value: PythonValue, what: String, at location: SourceLocation) throws(PythonException) -> [PythonValue]? {
    if let items = try iterate(value) { return items }
    if let items = value.partialItems {
      return items.map { item in item.manyItems ? Self.addedPart(item, from: what, at: location) : item.merging([value]) }
    }
    switch value.kind {
    case .unknown(let reason):
      var part = PythonValue.unknownItems(
        "zero or more items added from \(what) (line \(location.line ?? 0)), which are not known: \(reason)", at: location)
      part = part.merging([value])
      return [part]
    case .opaque, .object, .builtin, .environ:
      // An iterable object Parapet does not model (a library's iterator, a generator).
      return [PythonValue.unknownItems("zero or more items added from \(what) (line \(location.line ?? 0)), a \(value.typeName) Parapet does not iterate", at: location).merging([value])]
    default:
      return nil
    }
  }

  /// Where `items[position]` is in a list or tuple with an unknown part: nil when an unknown
  /// part lies between it and the end the index counts from (or the index is out of range).
  static func partialIndex(_ items: [PythonValue], _ position: Int) -> Int? {
    let resolved = position < 0 ? items.count + position : position
    guard resolved >= 0, resolved < items.count else { return nil }
    let between = position < 0 ? items[resolved...] : items[...resolved]
    return between.contains(where: \.manyItems) ? nil : resolved
  }

  /// An unknown part copied into another list, located where it was added there, its reason
  /// naming both places ("zero or more items added from PLUGINS (line 124): …").
  static func addedPart(_ part: PythonValue, from what: String, at location: SourceLocation) -> PythonValue {
    var copy = PythonValue.unknownItems(
      "zero or more items added from \(what) (line \(location.line ?? 0)): \(part.unknownReason ?? "not known")", at: location)
    copy.uses = part.uses
    copy.conditional = part.conditional
    copy.fromSecretVariable = part.fromSecretVariable
    // The same items, so the same values they can be.
    copy.candidates = part.candidates
    return copy
  }

  /// `items[position]` of a list or tuple with an unknown part: the item when no unknown part
  /// lies between it and the end the index counts from, else unknown.
  /// When the known items alone are too few for the index, the unknown parts may hold none:
  /// Python may raise IndexError (Tactical RMM's `ALLOWED_HOSTS[0]` after a `local_settings`
  /// import that may fail), a possible raise, not a value.
  func partialItem(_ items: [PythonValue], _ position: Int, at location: SourceLocation) -> PythonValue {
    guard let resolved = Self.partialIndex(items, position) else {
      let known = items.filter { !$0.manyItems }.count
      if position >= 0 ? known <= position : known < -position {
        let reason = "the list may hold fewer than \(position >= 0 ? position + 1 : -position) items: \(items.first(where: \.manyItems)?.unknownReason ?? "some are not known")"
        notePossibleRaise(SkippedRaise(type: "IndexError", location: location, message: "list index out of range"), because: reason, at: location)
      }
      return .unknown("an item at an index past items Parapet cannot know", at: location).merging(items.filter(\.manyItems))
    }
    return items[resolved]
  }

  /// Where `L.insert(position, x)` puts `x` in a list with an unknown part: nil when an unknown
  /// part lies between the position and the end it counts from (the place is not known).
  static func partialInsertIndex(_ items: [PythonValue], _ position: Int) -> Int? {
    if position >= 0 {
      let resolved = min(position, items.count)
      return items[..<resolved].contains(where: \.manyItems) ? nil : resolved
    }
    let resolved = max(0, items.count + position)
    return items[resolved...].contains(where: \.manyItems) ? nil : resolved
  }

  // MARK: Loops over unknown values

  /// The names a loop body only grows at the end (`name.append(…)`, `name.extend(…)`,
  /// `name += …`) and that hold a list now: a loop over values Parapet does not know adds zero
  /// or more items to them and changes nothing else about them.
  func namesOnlyGrown(in body: [PythonStmt], among names: [String], _ frame: Frame, at location: SourceLocation) -> [String] {
    var grown: [String] = []
    for name in Set(names).sorted() where Self.onlyGrows(name, body) && Self.grows(name, body) {
      guard frame.module.namespace[name] != nil || frame.scope?.names[name] != nil else { continue }
      if case .list = lookup(name, frame, at: location).kind { grown.append(name) }
    }
    return grown
  }

  /// Adds an unknown part at the end of each list in `names` (in place: aliases see it too).
  func addUnknownPart(to names: [String], reason: String, uses: [EnvironmentUse], _ frame: Frame, location: SourceLocation) {
    for name in names {
      guard case .list(let list) = lookup(name, frame, at: location).kind else { continue }
      var part = PythonValue.unknownItems(reason, at: location)
      part.uses = uses
      part.conditional = true
      // The loop's own unknown part replaces the one `noteSkippedMutations` added for it.
      if list.items.last?.manyItems == true { list.items.removeLast() }
      list.items.append(part)
      touch(name, frame, location: location)
    }
  }

  private static func isGrowth(_ statement: PythonStmt, of name: String) -> Bool {
    switch statement {
    case .expression(.call(.attribute(.name(let base, _), let method, _), _, _), _):
      return base == name && (method == "append" || method == "extend")
    case .augmentedAssign(.name(let base, _), "+", _, _):
      return base == name
    default:
      return false
    }
  }

  /// True when every statement of `statements` (nested blocks included) that binds or
  /// changes `name` grows it at the end.
  static func onlyGrows(_ name: String, _ statements: [PythonStmt]) -> Bool {
    for statement in statements {
      if isGrowth(statement, of: name) { continue }
      switch statement {
      case .ifChain(let branches, let otherwise, _):
        for branch in branches where !onlyGrows(name, branch.body) { return false }
        if !onlyGrows(name, otherwise ?? []) { return false }
      case .tryBlock(let body, let handlers, let otherwise, let finally, _):
        if !onlyGrows(name, body + otherwise + finally) { return false }
        for handler in handlers where handler.name == name || !onlyGrows(name, handler.body) { return false }
      case .forLoop(let target, _, let body, let otherwise, _, _):
        if boundNames(in: [.assign([target], .constant(.none, statement.position), statement.position)]).contains(name) { return false }
        if !onlyGrows(name, body + otherwise) { return false }
      case .with(let items, let body, _, _):
        for item in items {
          if let target = item.1, boundNames(in: [.assign([target], .constant(.none, statement.position), statement.position)]).contains(name) {
            return false
          }
        }
        if !onlyGrows(name, body) { return false }
      default:
        if boundNames(in: [statement]).contains(name) { return false }
      }
    }
    return true
  }

  /// True when `statements` grow `name` somewhere (the loop changes it at all).
  private static func grows(_ name: String, _ statements: [PythonStmt]) -> Bool {
    boundNames(in: statements).contains(name)
  }

  // MARK: Branches Parapet cannot decide

  /// One value for a name that differs between branches of an undecidable condition, when the
  /// values are lists (or tuples, or dicts with the same keys) that agree in part: the common
  /// items at the start and at the end are kept, what differs between them becomes an unknown
  /// part (`if DEBUG: INSTALLED_APPS.append("debug_toolbar")` keeps the other apps). nil when
  /// nothing can be kept.
  static func mergePartly(_ values: [PythonValue], reason: String, at location: SourceLocation, depth: Int = 0) -> PythonValue? {
    guard depth < 8, let first = values.first, values.count > 1 else { return nil }
    if values.allSatisfy({ PythonValue.equal(first, $0) == true }) { return first.merging(values) }
    switch first.kind {
    case .list:
      var lists: [[PythonValue]] = []
      for value in values {
        guard case .list(let list) = value.kind else { return nil }
        lists.append(list.items)
      }
      return mergeSequences(lists, reason: reason, at: location, depth: depth)
        .map { PythonValue(.list(PythonList($0)), at: first.location).merging(values) }
    case .tuple:
      var tuples: [[PythonValue]] = []
      for value in values {
        guard case .tuple(let items) = value.kind else { return nil }
        tuples.append(items)
      }
      return mergeSequences(tuples, reason: reason, at: location, depth: depth)
        .map { PythonValue(.tuple($0), at: first.location).merging(values) }
    case .dict(let dict):
      var dicts: [PythonDict] = []
      for value in values {
        guard case .dict(let other) = value.kind, Array(other.entries.keys) == Array(dict.entries.keys) else { return nil }
        dicts.append(other)
      }
      let merged = PythonDict()
      for (key, entry) in dict.entries {
        let entries = dicts.map { $0.entries[key]!.value }
        merged.entries[key] = (entry.key, mergeItem(entries, reason: reason, at: location, depth: depth))
      }
      return PythonValue(.dict(merged), at: first.location).merging(values)
    default:
      return nil
    }
  }

  /// One item for a position every branch fills: the same value, a partly merged one, or an
  /// unknown item (exactly one item, not known).
  private static func mergeItem(_ values: [PythonValue], reason: String, at location: SourceLocation, depth: Int) -> PythonValue {
    if let merged = mergePartly(values, reason: reason, at: location, depth: depth + 1) { return merged }
    var unknown = PythonValue.unknown(reason, at: location)
    unknown.conditional = true
    return unknown.merging(values)
  }

  /// Two items stand for the same thing in every branch: equal values, or the same unknown
  /// part (added before the branches).
  private static func sameItem(_ left: PythonValue, _ right: PythonValue) -> Bool {
    if left.manyItems || right.manyItems {
      return left.manyItems && right.manyItems && left.unknownReason == right.unknownReason && left.location == right.location
        && left.candidates == right.candidates
    }
    return PythonValue.equal(left, right) == true
  }

  private static func mergeSequences(
    _ sequences: [[PythonValue]], reason: String, at location: SourceLocation, depth: Int
  ) -> [PythonValue]? {
    let first = sequences[0]
    // Same length and no unknown part: position by position (the count is known).
    if !sequences.contains(where: { $0.contains(where: \.manyItems) }), sequences.allSatisfy({ $0.count == first.count }) {
      return first.indices.map { index in mergeItem(sequences.map { $0[index] }, reason: reason, at: location, depth: depth) }
    }
    let shortest = sequences.map(\.count).min() ?? 0
    var prefix = 0
    while prefix < shortest, sequences.allSatisfy({ sameItem($0[prefix], first[prefix]) }) { prefix += 1 }
    var suffix = 0
    while suffix < shortest - prefix,
      sequences.allSatisfy({ sameItem($0[$0.count - 1 - suffix], first[first.count - 1 - suffix]) })
    {
      suffix += 1
    }
    var part = PythonValue.unknownItems("zero or more items that differ between branches: \(reason)", at: location)
    part.conditional = true
    let middles = sequences.flatMap { $0[prefix..<($0.count - suffix)] }
    part = part.merging(middles)
    part.candidates = candidateStrings(middles)
    return Array(first[..<prefix]) + [part] + Array(first[(first.count - suffix)...])
  }

  /// The values the items of differing branches can be, when each is a known string or an
  /// unknown part whose candidates are known (sorted, once each); nil otherwise. The merged
  /// part holds some branch's items, so it can only hold these.
  private static func candidateStrings(_ items: [PythonValue]) -> [String]? {
    var strings = Set<String>()
    for item in items {
      if item.manyItems, let inner = item.candidates {
        strings.formUnion(inner)
      } else if case .string(let text) = item.kind {
        strings.insert(text)
      } else {
        return nil
      }
    }
    return strings.sorted()
  }
}

extension PythonEvaluator {
  /// The list methods whose result depends on the count or positions of a list with an unknown
  /// part (`manyItems`); nil for the methods that behave as on any list (`append`, `extend`,
  /// `clear`, `copy`, `reverse`). Nothing here is ever a certain error: the unknown part may
  /// hold what `remove`/`index` look for.
  func partialListMethod(
    _ method: String, _ list: PythonList, _ positional: [PythonValue], at location: SourceLocation
  ) throws(PythonException) -> PythonValue? {
    let line = location.line ?? 0
    switch method {
    case "insert":
      guard positional.count == 2 else { return nil }
      if let position = Self.integer(positional[0]), let resolved = Self.partialInsertIndex(list.items, position) {
        list.items.insert(positional[1], at: resolved)
      } else {
        // Where it goes is not known; an unknown part stands for it (and keeps the others). It
        // holds that one item, so a known string is its only candidate.
        var part = PythonValue.unknownItems("an item inserted at line \(line) at a place Parapet cannot know", at: location)
          .merging([positional[1]])
        part.candidates = positional[1].stringValue.map { [$0] }
        list.items.append(part)
      }
      return PythonValue(.none, at: location)
    case "remove":
      guard let item = positional.first else { return nil }
      // The first equal item goes: a known one when no unknown part comes before it.
      if let found = list.items.firstIndex(where: { $0.manyItems || PythonValue.equal($0, item) != false }),
        !list.items[found].manyItems, PythonValue.equal(list.items[found], item) == true
      {
        list.items.remove(at: found)
        return PythonValue(.none, at: location)
      }
      if !list.items.contains(where: { !$0.manyItems && PythonValue.equal($0, item) != false }) {
        // Only the unknown part may hold it: if it does not, Python raises.
        notePossibleRaise(
          SkippedRaise(type: "ValueError", location: location, message: "list.remove(x): x not in list"),
          because: "the list's items are not all known", at: location)
      }
      list.items = list.items.map { current in
        current.manyItems || PythonValue.equal(current, item) == false
          ? current : .unknownItems("may have been removed at line \(line)", at: location)
      }
      return PythonValue(.none, at: location)
    case "pop":
      let position = positional.first.flatMap(Self.integer) ?? -1
      if let resolved = Self.partialIndex(list.items, position) { return list.items.remove(at: resolved) }
      // Which item goes is not known: each known one may be it.
      list.items = list.items.map { current in
        current.manyItems ? current : .unknownItems("may have been removed by pop() at line \(line)", at: location)
      }
      return .unknown("an item popped from a list with items Parapet cannot know", at: location)
    case "index":
      guard let item = positional.first else { return nil }
      if let found = list.items.firstIndex(where: { $0.manyItems || PythonValue.equal($0, item) != false }),
        !list.items[found].manyItems, PythonValue.equal(list.items[found], item) == true
      {
        return PythonValue(.integer(found), at: location)
      }
      return .unknown("index() in a list with items Parapet cannot know", at: location)
    case "count":
      return .unknown("count() in a list with items Parapet cannot know", at: location)
    case "sort":
      // The known items are still there, but where is not known.
      let parts = list.items.filter(\.manyItems)
      list.items = [PythonValue.unknownItems("the items of a list sorted at line \(line), some of which are not known", at: location).merging(parts)]
      return PythonValue(.none, at: location)
    default:
      return nil
    }
  }
}

extension PythonEvaluator {
  /// The items of a one-clause list comprehension (or generator, which Parapet evaluates as a
  /// list) over `iterable` when it is not fully known: over a list with an unknown part, each
  /// known item the filters keep gives its element, an item the filters may or may not keep
  /// gives an unknown part, and the unknown part stays one; over a value Parapet does not know
  /// at all (only a list comprehension: its result is certainly a list), one unknown part. nil
  /// when neither applies.
  func partialComprehension(
    _ kind: PythonExpr.ComprehensionKind, _ element: PythonExpr, _ clause: PythonExpr.Comprehension,
    _ iterable: PythonValue, _ inner: Frame, at location: SourceLocation
  ) throws(PythonException) -> [PythonValue]? {
    let line = location.line ?? 0
    func part(_ why: String) -> PythonValue {
      PythonValue.unknownItems("zero or more items of a comprehension over \(clause.iterable.summary) (line \(line)): \(why)", at: location)
        .merging([iterable])
    }
    guard let items = iterable.partialItems else {
      guard case .list = kind, iterable.isUnknown else { return nil }
      return [part(iterable.unknownReason ?? "not known")]
    }
    switch kind {
    case .list, .generator: return try keptItems(items, element, clause, inner, part: part, at: location)
    default: return nil
    }
  }

  private func keptItems(
    _ items: [PythonValue], _ element: PythonExpr, _ clause: PythonExpr.Comprehension, _ inner: Frame,
    part: (String) -> PythonValue, at location: SourceLocation
  ) throws(PythonException) -> [PythonValue] {
    var results: [PythonValue] = []
    for item in items {
      try step(location)
      if item.manyItems {
        results.append(part(item.unknownReason ?? "items that are not known"))
        continue
      }
      try assign(clause.target, item, inner, location: location)
      var keep: Bool? = true
      for conditionExpression in clause.conditions {
        guard let truth = pythonTruth(try evaluate(conditionExpression, inner)) else {
          keep = nil
          break
        }
        if !truth {
          keep = false
          break
        }
      }
      switch keep {
      case true?: results.append(try evaluate(element, inner))
      case nil: results.append(part("a filter that is not known"))
      default: break
      }
    }
    return results
  }

  /// Makes what a list or dict holds unknown in place, for every reference to it: a path
  /// Parapet could not merge may have changed it.
  static func forgetContents(of value: PythonValue, because reason: String, at location: SourceLocation) {
    switch value.kind {
    case .list(let list):
      list.items = [PythonValue.unknownItems(reason, at: location)]
    case .dict(let dict) where dict.unknownKeys == nil:
      for (key, entry) in dict.entries {
        var unknown = PythonValue.unknown(reason, at: location)
        unknown.conditional = true
        dict.entries[key] = (entry.key, unknown.merging([entry.value]))
      }
      dict.unknownKeys = "may have been changed on a path Parapet cannot decide (\(reason))"
    default:
      break
    }
  }
}
