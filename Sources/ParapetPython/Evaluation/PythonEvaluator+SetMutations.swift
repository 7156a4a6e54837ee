import ParapetFacts

/// Methods that change a set in place: `add`, `discard`, `remove`, `clear`, `pop` and the
/// `*update` family.
///
/// A set is a value here (`.set(items)`), not an object shared like a list or a dict, so the
/// call alone would leave the name or attribute holding the old set: a certain wrong answer
/// (Takahē's state graph decides which states are terminal from `not self.children`, filled
/// with `self.children.add(other)`). The changed set is written back where the receiver came
/// from: a name (in the scope Python finds it in, never a new local), an attribute or an item.
/// A set reached any other way (the result of a call) is a temporary nothing else sees.
/// Limit: another name bound to the same set (`a = b = set()`) keeps the old one.
///
/// Membership follows `PythonValue.equal`: where it cannot tell whether an item is already
/// there (two objects that may define `__eq__`), `add` leaves an unknown part (zero or more
/// items: the set is certainly not empty), and the other methods make the set unknown.
extension PythonEvaluator {
  static let setMutators: Set<String> = [
    "add", "discard", "remove", "clear", "pop", "update", "difference_update", "intersection_update",
    "symmetric_difference_update",
  ]

  /// The result of `receiver.method(...)` when it changes a set in place, after writing the
  /// changed set back; nil for any other call.
  func mutateSet(
    _ calleeExpression: PythonExpr, _ callee: PythonValue, _ positional: [PythonValue], _ frame: Frame,
    at location: SourceLocation
  ) throws(PythonException) -> PythonValue? {
    guard case .attribute(let base, let method, _) = calleeExpression, Self.setMutators.contains(method),
      case .builtin(let name, let receiver) = callee.kind, name == "set." + method,
      let set = receiver.first, case .set(let items) = set.kind
    else { return nil }
    let (changed, result) = try setMutation(method, items, positional, at: location)
    var updated = set
    if let changed {
      updated.kind = .set(changed)
    } else {
      updated = PythonValue.unknown("\(base.summary) after \(base.summary).\(method)(), which Parapet cannot follow", at: location).merging([set] + positional)
    }
    writeBack(base, updated, frame, location: location)
    return result
  }

  /// Whether `items` hold `item`: nil when Parapet cannot tell.
  private func setContains(_ items: [PythonValue], _ item: PythonValue) -> Bool? {
    var answer: Bool? = false
    for candidate in items {
      if candidate.manyItems { answer = nil; continue }
      switch PythonValue.equal(candidate, item) {
      case true?: return true
      case nil: answer = nil
      case false?: continue
      }
    }
    return answer
  }

  /// The set after `method` and what the call returns; the set is nil when not known.
  private func setMutation(
    _ method: String, _ items: [PythonValue], _ positional: [PythonValue], at location: SourceLocation
  ) throws(PythonException) -> ([PythonValue]?, PythonValue) {
    let none = PythonValue(.none, at: location)
    func adding(_ item: PythonValue, to items: [PythonValue]) -> [PythonValue] {
      switch setContains(items, item) {
      case true?: return items
      case false?: return items + [item]
      case nil:
        if items.contains(where: \.manyItems) { return items }
        return items + [PythonValue.unknownItems("an item that may already be in the set", at: location)]
      }
    }
    switch method {
    case "clear":
      return ([], none)
    case "add":
      guard let item = positional.first else { return (nil, .unknown("set.add() without an item", at: location)) }
      return (adding(item, to: items), none)
    case "discard", "remove":
      guard let item = positional.first else { return (nil, .unknown("set.\(method)() without an item", at: location)) }
      switch setContains(items, item) {
      case true?:
        guard let index = items.firstIndex(where: { PythonValue.equal($0, item) == true }) else { return (nil, none) }
        var rest = items
        rest.remove(at: index)
        // Another item Parapet could not compare may be the one removed instead.
        if rest.contains(where: { $0.manyItems || PythonValue.equal($0, item) == nil }) { return (nil, none) }
        return (rest, none)
      case false?:
        if method == "remove" {
          throw PythonException(type: "KeyError", message: "KeyError: \(item.repr ?? item.typeName)", location: location, uses: item.uses)
        }
        return (items, none)
      case nil:
        return (nil, .unknown("set.\(method)() of an item Parapet cannot compare", at: location))
      }
    case "pop":
      if items.isEmpty {
        throw PythonException(type: "KeyError", message: "KeyError: 'pop from an empty set'", location: location)
      }
      if items.count == 1, let only = items.first, !only.manyItems { return ([], only) }
      return (nil, .unknown("set.pop() of a set with more than one item (Python picks one by hash)", at: location))
    default:
      var others: [[PythonValue]] = []
      for argument in positional {
        guard let elements = try iterate(argument) else {
          return (nil, .unknown("set.\(method)() of \(argument.typeName), which Parapet cannot iterate", at: location).merging([argument]))
        }
        others.append(elements)
      }
      var result = items
      switch method {
      case "update":
        for other in others { for item in other { result = adding(item, to: result) } }
        return (result, none)
      case "difference_update", "intersection_update", "symmetric_difference_update":
        if method == "symmetric_difference_update" && others.count != 1 {
          return (nil, .unknown("set.symmetric_difference_update() takes one iterable", at: location))
        }
        for other in others {
          var kept: [PythonValue] = []
          for item in result {
            guard let present = setContains(other, item) else { return (nil, none) }
            if present == (method == "intersection_update") { kept.append(item) }
          }
          if method == "symmetric_difference_update" {
            for item in other {
              guard let present = setContains(result, item) else { return (nil, none) }
              if !present, setContains(kept, item) == false { kept.append(item) }
            }
          }
          result = kept
        }
        return (result, none)
      default:
        return (nil, .unknown("set.\(method)() is not modelled", at: location))
      }
    }
  }

  /// Puts `value` where `target` (a name, attribute or item) holds the set.
  private func writeBack(_ target: PythonExpr, _ value: PythonValue, _ frame: Frame, location: SourceLocation) {
    switch target {
    case .name(let name, _):
      var scope = frame.scope
      while let current = scope {
        if current.names[name] != nil {
          current.names[name] = value
          current.classBindings?[name]?.value = value
          return
        }
        scope = current.parent
      }
      frame.module.namespace[name]?.value = value
    case .attribute, .subscription:
      // Attributes and items live in objects every holder shares.
      do throws(PythonException) {
        try assign(target, value, frame, location: location)
      } catch {
        notes.append("\(location): the changed set could not be stored back: \(error.message)")
      }
    default:
      break
    }
  }
}
