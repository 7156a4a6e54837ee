import Foundation
import OrderedCollections
import ParapetFacts

/// Fact-building helpers shared by the deployment readers.
enum DeploymentFacts {
  /// Records a start command under `deploy.commands`, and its gunicorn settings under
  /// `gunicorn.instances`, so rules see every way the app is started in one list.
  static func addCommand(
    _ command: ServerCommand, origin: String, name: String, role: String, file: String,
    at location: SourceLocation?, into facts: inout FactTree
  ) {
    facts.append(["deploy", "commands"], command.fact(origin: origin, name: name, role: role, at: location))
    guard command.program == "gunicorn" else { return }
    var instance = instanceHeader(origin: origin, name: name, role: role, file: file, at: location)
    for (key, value) in command.gunicornSettings(at: location) { instance[key] = value }
    facts.append(["gunicorn", "instances"], .map(instance, at: location))
  }

  /// The fields every `gunicorn.instances` entry starts with.
  static func instanceHeader(
    origin: String, name: String, role: String, file: String, at location: SourceLocation?
  ) -> OrderedDictionary<String, Fact> {
    [
      "origin": .string(origin, at: location), "path": .string(file, at: location),
      "name": .string(name, at: location), "role": .string(role, at: location),
    ]
  }

  /// An environment variable's value as a fact: secrets as `secret`, URL passwords masked.
  static func variable(name: String, value: String, at location: SourceLocation?) -> Fact {
    DotEnvReader.fact(name: name, value: value, at: location)
  }

  /// True for values that are obviously build-time stand-ins, not real credentials
  /// (saleor's `SECRET_KEY=dummy` for collectstatic, cookiecutter's `postgres://dummy`).
  static func isPlaceholder(_ value: String) -> Bool {
    let lower = value.lowercased()
    if lower.isEmpty { return true }
    return ["dummy", "placeholder", "not-a-secret", "notasecret", "collectstatic", "build-only", "fake", "xxx", "example", "insecure-build"]
      .contains { lower.contains($0) }
  }

  /// True when a user specification (`root`, `0`, `0:0`, `root:staff`) means the root user.
  static func isRootUser(_ user: String) -> Bool {
    let name = user.split(separator: ":", maxSplits: 1).first.map(String.init) ?? user
    return name == "root" || name == "0"
  }
}
