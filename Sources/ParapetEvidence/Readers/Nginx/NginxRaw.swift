import Foundation
import OrderedCollections
import ParapetFacts

/// The raw layer of an nginx file: its full directive tree after include resolution, every
/// directive located at its name in the file it was written in (docs/facts/nginx.md).
enum NginxRaw {
  /// `{ format = "nginx", directives = {…} }` of the file at `path`.
  static func fact(_ directives: [NginxParser.Directive], file path: String) -> Fact {
    let top = SourceLocation(file: path, line: 1, column: 1)
    return .map(
      ["format": .string("nginx", at: top), "directives": list(directives, at: top)], at: top)
  }

  static func list(_ directives: [NginxParser.Directive], at location: SourceLocation) -> Fact {
    .list(directives.map(directive), at: location)
  }

  /// `{ name, args, block, files, included_from }`: `block` only on block directives, `files`
  /// only on `include`, `included_from` only on directives an include brought in.
  static func directive(_ directive: NginxParser.Directive) -> Fact {
    let at = SourceLocation(file: directive.file, line: directive.line, column: directive.column)
    var map: OrderedDictionary<String, Fact> = [:]
    map["name"] = .string(directive.name, at: at)
    map["args"] = .list(directive.args.map { .string($0, at: at) }, at: at)
    if let block = directive.block { map["block"] = list(block, at: at) }
    if let files = directive.includedFiles {
      map["files"] = .list(files.map { .string($0, at: at) }, at: at)
      // nginx refuses a missing include file (a glob that matches nothing is fine there).
      map["missing"] = .bool(files.isEmpty, at: at)
    }
    if let site = directive.includedFrom { map["included_from"] = .string(site, at: at) }
    return .map(map, at: at)
  }
}
