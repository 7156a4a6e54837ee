import Foundation
import ParapetFacts
import Testing

@testable import ParapetPython

/// One settings class and what the real library made of it.
struct PydanticCase: CustomStringConvertible, Sendable {
  enum Expected: Sendable {
    /// The instance's field values, as Python's `json.dumps` writes them.
    case values([(String, String)])
    /// The exception class, and a field name (or the message) it names.
    case error(String, String)
    /// Parapet does not decide (pydantic v2 parses some numbers its own way; a type alias may
    /// hide the arguments of a subscripted type).
    case unknown
  }

  let name: String
  let version: Int
  let environment: [String: String]
  let dotenv: String?
  let expected: Expected
  let source: String

  init(_ name: String, version: Int, environment: [String: String], dotenv: String?, expected: Expected, source: String) {
    self.name = name
    self.version = version
    self.environment = environment
    self.dotenv = dotenv
    self.expected = expected
    self.source = source
  }

  var description: String { name }
}

/// pydantic's settings classes (`PydanticSettings`). The table's expectations were recorded by
/// running the real libraries on the same source, environment and `.env`: pydantic 1.10.27
/// (`pydantic.BaseSettings`, python-dotenv 0.21.1) and pydantic 2.14.4 with pydantic-settings
/// 2.16.3, by a script that wrote each case's class, ran `S()` in a process whose environment
/// was exactly the case's, and kept the field values (`json.dumps`) or the exception. Where
/// Parapet answers unknown on purpose, the case says so (`.unknown`).
@Suite("pydantic settings")
struct PydanticSettingsTests {
  static func run(_ settings: String, environment: [String: String] = [:], files: [String: String] = [:]) -> PythonEvaluation.Result {
    PythonEvaluation.project(settings, environment: environment, files: files)
  }

  /// A value as Python's `json.dumps` writes it (tuples as lists); nil for what JSON cannot hold.
  static func render(_ value: PythonValue) -> String? {
    switch value.kind {
    case .none: return "null"
    case .bool(let flag): return flag ? "true" : "false"
    case .integer(let number): return String(number)
    case .float(let number):
      if number.isInfinite { return number > 0 ? "Infinity" : "-Infinity" }
      return "\(number)"
    case .string(let text): return "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    case .list(let list): return render(list.items)
    case .tuple(let items): return render(items)
    case .dict(let dict):
      var parts: [String] = []
      for (_, entry) in dict.entries {
        guard let key = render(entry.key), let item = render(entry.value) else { return nil }
        parts.append("\(key): \(item)")
      }
      return "{" + parts.joined(separator: ", ") + "}"
    default: return nil
    }
  }

  static func render(_ items: [PythonValue]) -> String? {
    var parts: [String] = []
    for item in items {
      guard let text = render(item) else { return nil }
      parts.append(text)
    }
    return "[" + parts.joined(separator: ", ") + "]"
  }

  static func instance(_ result: PythonEvaluation.Result) -> PythonInstance? {
    guard case .object(.instance(let instance))? = result.value("SETUP")?.kind else { return nil }
    return instance
  }

  @Test(arguments: recorded)
  func matchesTheLibrary(_ recordedCase: PydanticCase) {
    let files = recordedCase.dotenv.map { [".env": $0] } ?? [:]
    let result = Self.run(recordedCase.source, environment: recordedCase.environment, files: files)
    switch recordedCase.expected {
    case .values(let expected):
      #expect(result.loadErrors.isEmpty, "\(result.loadErrors.map(\.message))")
      #expect(result.evaluator.possibleLoadErrors.isEmpty, "\(result.evaluator.possibleLoadErrors.map(\.message))")
      let instance = Self.instance(result)
      for (field, json) in expected {
        #expect(instance?.attributes[field].flatMap(Self.render) == json, "\(field)")
      }
    case .error(let type, let detail):
      #expect(result.loadErrors.first?.type == type, "\(result.loadErrors.map(\.message))")
      #expect(detail.isEmpty || result.loadErrors.first?.message.contains(detail) == true, "\(result.loadErrors.map(\.message))")
    case .unknown:
      #expect(result.loadErrors.isEmpty, "\(result.loadErrors.map(\.message))")
      #expect(!result.evaluator.possibleLoadErrors.isEmpty)
      #expect(Self.instance(result)?.attributes.values.contains(where: \.isUnknown) == true)
    }
  }

  static let recorded: [PydanticCase] = [
    PydanticCase(
      "bool spellings (v1)", version: 1, environment: ["B0": "1", "B1": "on", "B2": "t", "B3": "true", "B4": "y", "B5": "yes", "B6": "TRUE", "B7": "Yes", "B8": "ON", "B9": "T", "B10": "Y", "C0": "0", "C1": "off", "C2": "f", "C3": "false", "C4": "n", "C5": "no", "C6": "FALSE", "C7": "No", "C8": "OFF"], dotenv: nil,
      expected: .values([("B0", "true"), ("B1", "true"), ("B2", "true"), ("B3", "true"), ("B4", "true"), ("B5", "true"), ("B6", "true"), ("B7", "true"), ("B8", "true"), ("B9", "true"), ("B10", "true"), ("C0", "false"), ("C1", "false"), ("C2", "false"), ("C3", "false"), ("C4", "false"), ("C5", "false"), ("C6", "false"), ("C7", "false"), ("C8", "false")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import BaseSettings, Field, validator\n\nclass S(BaseSettings):\n    B0: bool = False\n    B1: bool = False\n    B2: bool = False\n    B3: bool = False\n    B4: bool = False\n    B5: bool = False\n    B6: bool = False\n    B7: bool = False\n    B8: bool = False\n    B9: bool = False\n    B10: bool = False\n    C0: bool = True\n    C1: bool = True\n    C2: bool = True\n    C3: bool = True\n    C4: bool = True\n    C5: bool = True\n    C6: bool = True\n    C7: bool = True\n    C8: bool = True\n\nFIELDS = ['B0', 'B1', 'B2', 'B3', 'B4', 'B5', 'B6', 'B7', 'B8', 'B9', 'B10', 'C0', 'C1', 'C2', 'C3', 'C4', 'C5', 'C6', 'C7', 'C8']\nSETUP = S()\n"),
    PydanticCase(
      "bool spellings (v2)", version: 2, environment: ["B0": "1", "B1": "on", "B2": "t", "B3": "true", "B4": "y", "B5": "yes", "B6": "TRUE", "B7": "Yes", "B8": "ON", "B9": "T", "B10": "Y", "C0": "0", "C1": "off", "C2": "f", "C3": "false", "C4": "n", "C5": "no", "C6": "FALSE", "C7": "No", "C8": "OFF"], dotenv: nil,
      expected: .values([("B0", "true"), ("B1", "true"), ("B2", "true"), ("B3", "true"), ("B4", "true"), ("B5", "true"), ("B6", "true"), ("B7", "true"), ("B8", "true"), ("B9", "true"), ("B10", "true"), ("C0", "false"), ("C1", "false"), ("C2", "false"), ("C3", "false"), ("C4", "false"), ("C5", "false"), ("C6", "false"), ("C7", "false"), ("C8", "false")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import Field, field_validator\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass S(BaseSettings):\n    B0: bool = False\n    B1: bool = False\n    B2: bool = False\n    B3: bool = False\n    B4: bool = False\n    B5: bool = False\n    B6: bool = False\n    B7: bool = False\n    B8: bool = False\n    B9: bool = False\n    B10: bool = False\n    C0: bool = True\n    C1: bool = True\n    C2: bool = True\n    C3: bool = True\n    C4: bool = True\n    C5: bool = True\n    C6: bool = True\n    C7: bool = True\n    C8: bool = True\n\nFIELDS = ['B0', 'B1', 'B2', 'B3', 'B4', 'B5', 'B6', 'B7', 'B8', 'B9', 'B10', 'C0', 'C1', 'C2', 'C3', 'C4', 'C5', 'C6', 'C7', 'C8']\nSETUP = S()\n"),
    PydanticCase(
      "bool invalid 'enabled' (v1)", version: 1, environment: ["DEBUG": "enabled"], dotenv: nil,
      expected: .error("ValidationError", "DEBUG"),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import BaseSettings, Field, validator\n\nclass S(BaseSettings):\n    DEBUG: bool = False\n\nFIELDS = ['DEBUG']\nSETUP = S()\n"),
    PydanticCase(
      "bool invalid 'enabled' (v2)", version: 2, environment: ["DEBUG": "enabled"], dotenv: nil,
      expected: .error("ValidationError", "DEBUG"),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import Field, field_validator\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass S(BaseSettings):\n    DEBUG: bool = False\n\nFIELDS = ['DEBUG']\nSETUP = S()\n"),
    PydanticCase(
      "bool invalid '2' (v1)", version: 1, environment: ["DEBUG": "2"], dotenv: nil,
      expected: .error("ValidationError", "DEBUG"),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import BaseSettings, Field, validator\n\nclass S(BaseSettings):\n    DEBUG: bool = False\n\nFIELDS = ['DEBUG']\nSETUP = S()\n"),
    PydanticCase(
      "bool invalid '2' (v2)", version: 2, environment: ["DEBUG": "2"], dotenv: nil,
      expected: .error("ValidationError", "DEBUG"),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import Field, field_validator\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass S(BaseSettings):\n    DEBUG: bool = False\n\nFIELDS = ['DEBUG']\nSETUP = S()\n"),
    PydanticCase(
      "bool invalid '' (v1)", version: 1, environment: ["DEBUG": ""], dotenv: nil,
      expected: .error("ValidationError", "DEBUG"),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import BaseSettings, Field, validator\n\nclass S(BaseSettings):\n    DEBUG: bool = False\n\nFIELDS = ['DEBUG']\nSETUP = S()\n"),
    PydanticCase(
      "bool invalid '' (v2)", version: 2, environment: ["DEBUG": ""], dotenv: nil,
      expected: .error("ValidationError", "DEBUG"),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import Field, field_validator\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass S(BaseSettings):\n    DEBUG: bool = False\n\nFIELDS = ['DEBUG']\nSETUP = S()\n"),
    PydanticCase(
      "bool invalid ' true' (v1)", version: 1, environment: ["DEBUG": " true"], dotenv: nil,
      expected: .error("ValidationError", "DEBUG"),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import BaseSettings, Field, validator\n\nclass S(BaseSettings):\n    DEBUG: bool = False\n\nFIELDS = ['DEBUG']\nSETUP = S()\n"),
    PydanticCase(
      "bool invalid ' true' (v2)", version: 2, environment: ["DEBUG": " true"], dotenv: nil,
      expected: .error("ValidationError", "DEBUG"),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import Field, field_validator\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass S(BaseSettings):\n    DEBUG: bool = False\n\nFIELDS = ['DEBUG']\nSETUP = S()\n"),
    PydanticCase(
      "bool invalid 'true ' (v1)", version: 1, environment: ["DEBUG": "true "], dotenv: nil,
      expected: .error("ValidationError", "DEBUG"),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import BaseSettings, Field, validator\n\nclass S(BaseSettings):\n    DEBUG: bool = False\n\nFIELDS = ['DEBUG']\nSETUP = S()\n"),
    PydanticCase(
      "bool invalid 'true ' (v2)", version: 2, environment: ["DEBUG": "true "], dotenv: nil,
      expected: .error("ValidationError", "DEBUG"),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import Field, field_validator\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass S(BaseSettings):\n    DEBUG: bool = False\n\nFIELDS = ['DEBUG']\nSETUP = S()\n"),
    PydanticCase(
      "bool invalid '10' (v1)", version: 1, environment: ["DEBUG": "10"], dotenv: nil,
      expected: .error("ValidationError", "DEBUG"),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import BaseSettings, Field, validator\n\nclass S(BaseSettings):\n    DEBUG: bool = False\n\nFIELDS = ['DEBUG']\nSETUP = S()\n"),
    PydanticCase(
      "bool invalid '10' (v2)", version: 2, environment: ["DEBUG": "10"], dotenv: nil,
      expected: .error("ValidationError", "DEBUG"),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import Field, field_validator\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass S(BaseSettings):\n    DEBUG: bool = False\n\nFIELDS = ['DEBUG']\nSETUP = S()\n"),
    PydanticCase(
      "bool invalid 'nope' (v1)", version: 1, environment: ["DEBUG": "nope"], dotenv: nil,
      expected: .error("ValidationError", "DEBUG"),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import BaseSettings, Field, validator\n\nclass S(BaseSettings):\n    DEBUG: bool = False\n\nFIELDS = ['DEBUG']\nSETUP = S()\n"),
    PydanticCase(
      "bool invalid 'nope' (v2)", version: 2, environment: ["DEBUG": "nope"], dotenv: nil,
      expected: .error("ValidationError", "DEBUG"),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import Field, field_validator\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass S(BaseSettings):\n    DEBUG: bool = False\n\nFIELDS = ['DEBUG']\nSETUP = S()\n"),
    PydanticCase(
      "int '42' (v1)", version: 1, environment: ["N": "42"], dotenv: nil,
      expected: .values([("N", "42")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import BaseSettings, Field, validator\n\nclass S(BaseSettings):\n    N: int = 0\n\nFIELDS = ['N']\nSETUP = S()\n"),
    PydanticCase(
      "int '42' (v2)", version: 2, environment: ["N": "42"], dotenv: nil,
      expected: .values([("N", "42")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import Field, field_validator\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass S(BaseSettings):\n    N: int = 0\n\nFIELDS = ['N']\nSETUP = S()\n"),
    PydanticCase(
      "int ' 42 ' (v1)", version: 1, environment: ["N": " 42 "], dotenv: nil,
      expected: .values([("N", "42")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import BaseSettings, Field, validator\n\nclass S(BaseSettings):\n    N: int = 0\n\nFIELDS = ['N']\nSETUP = S()\n"),
    PydanticCase(
      "int ' 42 ' (v2)", version: 2, environment: ["N": " 42 "], dotenv: nil,
      expected: .values([("N", "42")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import Field, field_validator\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass S(BaseSettings):\n    N: int = 0\n\nFIELDS = ['N']\nSETUP = S()\n"),
    PydanticCase(
      "int '+7' (v1)", version: 1, environment: ["N": "+7"], dotenv: nil,
      expected: .values([("N", "7")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import BaseSettings, Field, validator\n\nclass S(BaseSettings):\n    N: int = 0\n\nFIELDS = ['N']\nSETUP = S()\n"),
    PydanticCase(
      "int '+7' (v2)", version: 2, environment: ["N": "+7"], dotenv: nil,
      expected: .values([("N", "7")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import Field, field_validator\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass S(BaseSettings):\n    N: int = 0\n\nFIELDS = ['N']\nSETUP = S()\n"),
    PydanticCase(
      "int '-3' (v1)", version: 1, environment: ["N": "-3"], dotenv: nil,
      expected: .values([("N", "-3")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import BaseSettings, Field, validator\n\nclass S(BaseSettings):\n    N: int = 0\n\nFIELDS = ['N']\nSETUP = S()\n"),
    PydanticCase(
      "int '-3' (v2)", version: 2, environment: ["N": "-3"], dotenv: nil,
      expected: .values([("N", "-3")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import Field, field_validator\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass S(BaseSettings):\n    N: int = 0\n\nFIELDS = ['N']\nSETUP = S()\n"),
    PydanticCase(
      "int '1_000' (v1)", version: 1, environment: ["N": "1_000"], dotenv: nil,
      expected: .values([("N", "1000")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import BaseSettings, Field, validator\n\nclass S(BaseSettings):\n    N: int = 0\n\nFIELDS = ['N']\nSETUP = S()\n"),
    PydanticCase(
      "int '1_000' (v2)", version: 2, environment: ["N": "1_000"], dotenv: nil,
      expected: .values([("N", "1000")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import Field, field_validator\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass S(BaseSettings):\n    N: int = 0\n\nFIELDS = ['N']\nSETUP = S()\n"),
    PydanticCase(
      "int '007' (v1)", version: 1, environment: ["N": "007"], dotenv: nil,
      expected: .values([("N", "7")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import BaseSettings, Field, validator\n\nclass S(BaseSettings):\n    N: int = 0\n\nFIELDS = ['N']\nSETUP = S()\n"),
    PydanticCase(
      "int '007' (v2)", version: 2, environment: ["N": "007"], dotenv: nil,
      expected: .values([("N", "7")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import Field, field_validator\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass S(BaseSettings):\n    N: int = 0\n\nFIELDS = ['N']\nSETUP = S()\n"),
    PydanticCase(
      "int '1.0' (v1)", version: 1, environment: ["N": "1.0"], dotenv: nil,
      expected: .error("ValidationError", "N"),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import BaseSettings, Field, validator\n\nclass S(BaseSettings):\n    N: int = 0\n\nFIELDS = ['N']\nSETUP = S()\n"),
    PydanticCase(
      "int '1.0' (v2)", version: 2, environment: ["N": "1.0"], dotenv: nil,
      expected: .unknown,
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import Field, field_validator\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass S(BaseSettings):\n    N: int = 0\n\nFIELDS = ['N']\nSETUP = S()\n"),
    PydanticCase(
      "int '1.5' (v1)", version: 1, environment: ["N": "1.5"], dotenv: nil,
      expected: .error("ValidationError", "N"),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import BaseSettings, Field, validator\n\nclass S(BaseSettings):\n    N: int = 0\n\nFIELDS = ['N']\nSETUP = S()\n"),
    PydanticCase(
      "int '1.5' (v2)", version: 2, environment: ["N": "1.5"], dotenv: nil,
      expected: .unknown,
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import Field, field_validator\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass S(BaseSettings):\n    N: int = 0\n\nFIELDS = ['N']\nSETUP = S()\n"),
    PydanticCase(
      "int 'abc' (v1)", version: 1, environment: ["N": "abc"], dotenv: nil,
      expected: .error("ValidationError", "N"),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import BaseSettings, Field, validator\n\nclass S(BaseSettings):\n    N: int = 0\n\nFIELDS = ['N']\nSETUP = S()\n"),
    PydanticCase(
      "int 'abc' (v2)", version: 2, environment: ["N": "abc"], dotenv: nil,
      expected: .error("ValidationError", "N"),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import Field, field_validator\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass S(BaseSettings):\n    N: int = 0\n\nFIELDS = ['N']\nSETUP = S()\n"),
    PydanticCase(
      "int '' (v1)", version: 1, environment: ["N": ""], dotenv: nil,
      expected: .error("ValidationError", "N"),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import BaseSettings, Field, validator\n\nclass S(BaseSettings):\n    N: int = 0\n\nFIELDS = ['N']\nSETUP = S()\n"),
    PydanticCase(
      "int '' (v2)", version: 2, environment: ["N": ""], dotenv: nil,
      expected: .error("ValidationError", "N"),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import Field, field_validator\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass S(BaseSettings):\n    N: int = 0\n\nFIELDS = ['N']\nSETUP = S()\n"),
    PydanticCase(
      "int '0x10' (v1)", version: 1, environment: ["N": "0x10"], dotenv: nil,
      expected: .error("ValidationError", "N"),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import BaseSettings, Field, validator\n\nclass S(BaseSettings):\n    N: int = 0\n\nFIELDS = ['N']\nSETUP = S()\n"),
    PydanticCase(
      "int '0x10' (v2)", version: 2, environment: ["N": "0x10"], dotenv: nil,
      expected: .error("ValidationError", "N"),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import Field, field_validator\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass S(BaseSettings):\n    N: int = 0\n\nFIELDS = ['N']\nSETUP = S()\n"),
    PydanticCase(
      "int '1e3' (v1)", version: 1, environment: ["N": "1e3"], dotenv: nil,
      expected: .error("ValidationError", "N"),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import BaseSettings, Field, validator\n\nclass S(BaseSettings):\n    N: int = 0\n\nFIELDS = ['N']\nSETUP = S()\n"),
    PydanticCase(
      "int '1e3' (v2)", version: 2, environment: ["N": "1e3"], dotenv: nil,
      expected: .error("ValidationError", "N"),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import Field, field_validator\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass S(BaseSettings):\n    N: int = 0\n\nFIELDS = ['N']\nSETUP = S()\n"),
    PydanticCase(
      "float '1.5' (v1)", version: 1, environment: ["X": "1.5"], dotenv: nil,
      expected: .values([("X", "1.5")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import BaseSettings, Field, validator\n\nclass S(BaseSettings):\n    X: float = 0.0\n\nFIELDS = ['X']\nSETUP = S()\n"),
    PydanticCase(
      "float '1.5' (v2)", version: 2, environment: ["X": "1.5"], dotenv: nil,
      expected: .values([("X", "1.5")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import Field, field_validator\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass S(BaseSettings):\n    X: float = 0.0\n\nFIELDS = ['X']\nSETUP = S()\n"),
    PydanticCase(
      "float ' 2 ' (v1)", version: 1, environment: ["X": " 2 "], dotenv: nil,
      expected: .values([("X", "2.0")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import BaseSettings, Field, validator\n\nclass S(BaseSettings):\n    X: float = 0.0\n\nFIELDS = ['X']\nSETUP = S()\n"),
    PydanticCase(
      "float ' 2 ' (v2)", version: 2, environment: ["X": " 2 "], dotenv: nil,
      expected: .values([("X", "2.0")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import Field, field_validator\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass S(BaseSettings):\n    X: float = 0.0\n\nFIELDS = ['X']\nSETUP = S()\n"),
    PydanticCase(
      "float '1e3' (v1)", version: 1, environment: ["X": "1e3"], dotenv: nil,
      expected: .values([("X", "1000.0")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import BaseSettings, Field, validator\n\nclass S(BaseSettings):\n    X: float = 0.0\n\nFIELDS = ['X']\nSETUP = S()\n"),
    PydanticCase(
      "float '1e3' (v2)", version: 2, environment: ["X": "1e3"], dotenv: nil,
      expected: .values([("X", "1000.0")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import Field, field_validator\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass S(BaseSettings):\n    X: float = 0.0\n\nFIELDS = ['X']\nSETUP = S()\n"),
    PydanticCase(
      "float '-0.25' (v1)", version: 1, environment: ["X": "-0.25"], dotenv: nil,
      expected: .values([("X", "-0.25")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import BaseSettings, Field, validator\n\nclass S(BaseSettings):\n    X: float = 0.0\n\nFIELDS = ['X']\nSETUP = S()\n"),
    PydanticCase(
      "float '-0.25' (v2)", version: 2, environment: ["X": "-0.25"], dotenv: nil,
      expected: .values([("X", "-0.25")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import Field, field_validator\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass S(BaseSettings):\n    X: float = 0.0\n\nFIELDS = ['X']\nSETUP = S()\n"),
    PydanticCase(
      "float 'inf' (v1)", version: 1, environment: ["X": "inf"], dotenv: nil,
      expected: .values([("X", "Infinity")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import BaseSettings, Field, validator\n\nclass S(BaseSettings):\n    X: float = 0.0\n\nFIELDS = ['X']\nSETUP = S()\n"),
    PydanticCase(
      "float 'inf' (v2)", version: 2, environment: ["X": "inf"], dotenv: nil,
      expected: .values([("X", "Infinity")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import Field, field_validator\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass S(BaseSettings):\n    X: float = 0.0\n\nFIELDS = ['X']\nSETUP = S()\n"),
    PydanticCase(
      "float 'abc' (v1)", version: 1, environment: ["X": "abc"], dotenv: nil,
      expected: .error("ValidationError", "X"),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import BaseSettings, Field, validator\n\nclass S(BaseSettings):\n    X: float = 0.0\n\nFIELDS = ['X']\nSETUP = S()\n"),
    PydanticCase(
      "float 'abc' (v2)", version: 2, environment: ["X": "abc"], dotenv: nil,
      expected: .error("ValidationError", "X"),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import Field, field_validator\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass S(BaseSettings):\n    X: float = 0.0\n\nFIELDS = ['X']\nSETUP = S()\n"),
    PydanticCase(
      "float '' (v1)", version: 1, environment: ["X": ""], dotenv: nil,
      expected: .error("ValidationError", "X"),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import BaseSettings, Field, validator\n\nclass S(BaseSettings):\n    X: float = 0.0\n\nFIELDS = ['X']\nSETUP = S()\n"),
    PydanticCase(
      "float '' (v2)", version: 2, environment: ["X": ""], dotenv: nil,
      expected: .error("ValidationError", "X"),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import Field, field_validator\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass S(BaseSettings):\n    X: float = 0.0\n\nFIELDS = ['X']\nSETUP = S()\n"),
    PydanticCase(
      "float '1_0.5' (v1)", version: 1, environment: ["X": "1_0.5"], dotenv: nil,
      expected: .values([("X", "10.5")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import BaseSettings, Field, validator\n\nclass S(BaseSettings):\n    X: float = 0.0\n\nFIELDS = ['X']\nSETUP = S()\n"),
    PydanticCase(
      "float '1_0.5' (v2)", version: 2, environment: ["X": "1_0.5"], dotenv: nil,
      expected: .values([("X", "10.5")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import Field, field_validator\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass S(BaseSettings):\n    X: float = 0.0\n\nFIELDS = ['X']\nSETUP = S()\n"),
    PydanticCase(
      "float '3' (v1)", version: 1, environment: ["X": "3"], dotenv: nil,
      expected: .values([("X", "3.0")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import BaseSettings, Field, validator\n\nclass S(BaseSettings):\n    X: float = 0.0\n\nFIELDS = ['X']\nSETUP = S()\n"),
    PydanticCase(
      "float '3' (v2)", version: 2, environment: ["X": "3"], dotenv: nil,
      expected: .values([("X", "3.0")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import Field, field_validator\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass S(BaseSettings):\n    X: float = 0.0\n\nFIELDS = ['X']\nSETUP = S()\n"),
    PydanticCase(
      "list[str] '[\"a\", \"b\"]' (v1)", version: 1, environment: ["L": "[\"a\", \"b\"]"], dotenv: nil,
      expected: .values([("L", "[\"a\", \"b\"]")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import BaseSettings, Field, validator\n\nclass S(BaseSettings):\n    L: list[str] = []\n\nFIELDS = ['L']\nSETUP = S()\n"),
    PydanticCase(
      "list[str] '[\"a\", \"b\"]' (v2)", version: 2, environment: ["L": "[\"a\", \"b\"]"], dotenv: nil,
      expected: .values([("L", "[\"a\", \"b\"]")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import Field, field_validator\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass S(BaseSettings):\n    L: list[str] = []\n\nFIELDS = ['L']\nSETUP = S()\n"),
    PydanticCase(
      "list[str] 'a' (v1)", version: 1, environment: ["L": "a"], dotenv: nil,
      expected: .error("SettingsError", "error parsing env var \"l\""),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import BaseSettings, Field, validator\n\nclass S(BaseSettings):\n    L: list[str] = []\n\nFIELDS = ['L']\nSETUP = S()\n"),
    PydanticCase(
      "list[str] 'a' (v2)", version: 2, environment: ["L": "a"], dotenv: nil,
      expected: .error("SettingsError", "error parsing value for field \"L\" from source \"EnvSettingsSource\""),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import Field, field_validator\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass S(BaseSettings):\n    L: list[str] = []\n\nFIELDS = ['L']\nSETUP = S()\n"),
    PydanticCase(
      "list[str] '[1, 2]' (v1)", version: 1, environment: ["L": "[1, 2]"], dotenv: nil,
      expected: .values([("L", "[\"1\", \"2\"]")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import BaseSettings, Field, validator\n\nclass S(BaseSettings):\n    L: list[str] = []\n\nFIELDS = ['L']\nSETUP = S()\n"),
    PydanticCase(
      "list[str] '[1, 2]' (v2)", version: 2, environment: ["L": "[1, 2]"], dotenv: nil,
      expected: .error("ValidationError", "L"),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import Field, field_validator\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass S(BaseSettings):\n    L: list[str] = []\n\nFIELDS = ['L']\nSETUP = S()\n"),
    PydanticCase(
      "list[str] '[]' (v1)", version: 1, environment: ["L": "[]"], dotenv: nil,
      expected: .values([("L", "[]")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import BaseSettings, Field, validator\n\nclass S(BaseSettings):\n    L: list[str] = []\n\nFIELDS = ['L']\nSETUP = S()\n"),
    PydanticCase(
      "list[str] '[]' (v2)", version: 2, environment: ["L": "[]"], dotenv: nil,
      expected: .values([("L", "[]")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import Field, field_validator\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass S(BaseSettings):\n    L: list[str] = []\n\nFIELDS = ['L']\nSETUP = S()\n"),
    PydanticCase(
      "list[str] '' (v1)", version: 1, environment: ["L": ""], dotenv: nil,
      expected: .error("SettingsError", "error parsing env var \"l\""),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import BaseSettings, Field, validator\n\nclass S(BaseSettings):\n    L: list[str] = []\n\nFIELDS = ['L']\nSETUP = S()\n"),
    PydanticCase(
      "list[str] '' (v2)", version: 2, environment: ["L": ""], dotenv: nil,
      expected: .error("SettingsError", "error parsing value for field \"L\" from source \"EnvSettingsSource\""),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import Field, field_validator\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass S(BaseSettings):\n    L: list[str] = []\n\nFIELDS = ['L']\nSETUP = S()\n"),
    PydanticCase(
      "list[str] '{\"a\": 1}' (v1)", version: 1, environment: ["L": "{\"a\": 1}"], dotenv: nil,
      expected: .error("ValidationError", "L"),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import BaseSettings, Field, validator\n\nclass S(BaseSettings):\n    L: list[str] = []\n\nFIELDS = ['L']\nSETUP = S()\n"),
    PydanticCase(
      "list[str] '{\"a\": 1}' (v2)", version: 2, environment: ["L": "{\"a\": 1}"], dotenv: nil,
      expected: .error("ValidationError", "L"),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import Field, field_validator\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass S(BaseSettings):\n    L: list[str] = []\n\nFIELDS = ['L']\nSETUP = S()\n"),
    PydanticCase(
      "list[str] '[\"a\",]' (v1)", version: 1, environment: ["L": "[\"a\",]"], dotenv: nil,
      expected: .error("SettingsError", "error parsing env var \"l\""),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import BaseSettings, Field, validator\n\nclass S(BaseSettings):\n    L: list[str] = []\n\nFIELDS = ['L']\nSETUP = S()\n"),
    PydanticCase(
      "list[str] '[\"a\",]' (v2)", version: 2, environment: ["L": "[\"a\",]"], dotenv: nil,
      expected: .error("SettingsError", "error parsing value for field \"L\" from source \"EnvSettingsSource\""),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import Field, field_validator\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass S(BaseSettings):\n    L: list[str] = []\n\nFIELDS = ['L']\nSETUP = S()\n"),
    PydanticCase(
      "dict[str, int] json (v1)", version: 1, environment: ["D": "{\"a\": 1, \"b\": 2}"], dotenv: nil,
      expected: .values([("D", "{\"a\": 1, \"b\": 2}")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import BaseSettings, Field, validator\n\nclass S(BaseSettings):\n    D: Dict[str, int] = {}\n\nFIELDS = ['D']\nSETUP = S()\n"),
    PydanticCase(
      "dict[str, int] json (v2)", version: 2, environment: ["D": "{\"a\": 1, \"b\": 2}"], dotenv: nil,
      expected: .values([("D", "{\"a\": 1, \"b\": 2}")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import Field, field_validator\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass S(BaseSettings):\n    D: Dict[str, int] = {}\n\nFIELDS = ['D']\nSETUP = S()\n"),
    PydanticCase(
      "tuple json (v1)", version: 1, environment: ["T": "[1, 2]"], dotenv: nil,
      expected: .values([("T", "[1, 2]")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import BaseSettings, Field, validator\n\nclass S(BaseSettings):\n    T: Tuple[int, int] = (0, 0)\n\nFIELDS = ['T']\nSETUP = S()\n"),
    PydanticCase(
      "tuple json (v2)", version: 2, environment: ["T": "[1, 2]"], dotenv: nil,
      expected: .values([("T", "[1, 2]")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import Field, field_validator\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass S(BaseSettings):\n    T: Tuple[int, int] = (0, 0)\n\nFIELDS = ['T']\nSETUP = S()\n"),
    PydanticCase(
      "required missing (v1)", version: 1, environment: [:], dotenv: nil,
      expected: .error("ValidationError", "SECRET"),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import BaseSettings, Field, validator\n\nclass S(BaseSettings):\n    SECRET: str\n    DEBUG: bool = False\n\nFIELDS = ['SECRET', 'DEBUG']\nSETUP = S()\n"),
    PydanticCase(
      "required missing (v2)", version: 2, environment: [:], dotenv: nil,
      expected: .error("ValidationError", "SECRET"),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import Field, field_validator\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass S(BaseSettings):\n    SECRET: str\n    DEBUG: bool = False\n\nFIELDS = ['SECRET', 'DEBUG']\nSETUP = S()\n"),
    PydanticCase(
      "required given (v1)", version: 1, environment: ["SECRET": "s3cret"], dotenv: nil,
      expected: .values([("SECRET", "\"s3cret\""), ("DEBUG", "false")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import BaseSettings, Field, validator\n\nclass S(BaseSettings):\n    SECRET: str\n    DEBUG: bool = False\n\nFIELDS = ['SECRET', 'DEBUG']\nSETUP = S()\n"),
    PydanticCase(
      "required given (v2)", version: 2, environment: ["SECRET": "s3cret"], dotenv: nil,
      expected: .values([("SECRET", "\"s3cret\""), ("DEBUG", "false")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import Field, field_validator\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass S(BaseSettings):\n    SECRET: str\n    DEBUG: bool = False\n\nFIELDS = ['SECRET', 'DEBUG']\nSETUP = S()\n"),
    PydanticCase(
      "optional unset is None (v1)", version: 1, environment: [:], dotenv: nil,
      expected: .values([("HOST", "null"), ("PORT", "5432")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import BaseSettings, Field, validator\n\nclass S(BaseSettings):\n    HOST: Optional[str]\n    PORT: int | None = 5432\n\nFIELDS = ['HOST', 'PORT']\nSETUP = S()\n"),
    PydanticCase(
      "optional unset is None (v2)", version: 2, environment: [:], dotenv: nil,
      expected: .error("ValidationError", "HOST"),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import Field, field_validator\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass S(BaseSettings):\n    HOST: Optional[str]\n    PORT: int | None = 5432\n\nFIELDS = ['HOST', 'PORT']\nSETUP = S()\n"),
    PydanticCase(
      "optional set (v1)", version: 1, environment: ["HOST": "db", "PORT": "6543"], dotenv: nil,
      expected: .values([("HOST", "\"db\""), ("PORT", "6543")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import BaseSettings, Field, validator\n\nclass S(BaseSettings):\n    HOST: Optional[str]\n    PORT: int | None = 5432\n\nFIELDS = ['HOST', 'PORT']\nSETUP = S()\n"),
    PydanticCase(
      "optional set (v2)", version: 2, environment: ["HOST": "db", "PORT": "6543"], dotenv: nil,
      expected: .values([("HOST", "\"db\""), ("PORT", "6543")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import Field, field_validator\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass S(BaseSettings):\n    HOST: Optional[str]\n    PORT: int | None = 5432\n\nFIELDS = ['HOST', 'PORT']\nSETUP = S()\n"),
    PydanticCase(
      "optional int empty (v1)", version: 1, environment: ["PORT": ""], dotenv: nil,
      expected: .error("ValidationError", "PORT"),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import BaseSettings, Field, validator\n\nclass S(BaseSettings):\n    PORT: Optional[int] = None\n\nFIELDS = ['PORT']\nSETUP = S()\n"),
    PydanticCase(
      "optional int empty (v2)", version: 2, environment: ["PORT": ""], dotenv: nil,
      expected: .error("ValidationError", "PORT"),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import Field, field_validator\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass S(BaseSettings):\n    PORT: Optional[int] = None\n\nFIELDS = ['PORT']\nSETUP = S()\n"),
    PydanticCase(
      "literal ok (v1)", version: 1, environment: ["MODE": "prod"], dotenv: nil,
      expected: .values([("MODE", "\"prod\"")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import BaseSettings, Field, validator\n\nclass S(BaseSettings):\n    MODE: Literal[\"dev\", \"prod\"] = \"dev\"\n\nFIELDS = ['MODE']\nSETUP = S()\n"),
    PydanticCase(
      "literal ok (v2)", version: 2, environment: ["MODE": "prod"], dotenv: nil,
      expected: .values([("MODE", "\"prod\"")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import Field, field_validator\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass S(BaseSettings):\n    MODE: Literal[\"dev\", \"prod\"] = \"dev\"\n\nFIELDS = ['MODE']\nSETUP = S()\n"),
    PydanticCase(
      "literal bad (v1)", version: 1, environment: ["MODE": "staging"], dotenv: nil,
      expected: .error("ValidationError", "MODE"),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import BaseSettings, Field, validator\n\nclass S(BaseSettings):\n    MODE: Literal[\"dev\", \"prod\"] = \"dev\"\n\nFIELDS = ['MODE']\nSETUP = S()\n"),
    PydanticCase(
      "literal bad (v2)", version: 2, environment: ["MODE": "staging"], dotenv: nil,
      expected: .error("ValidationError", "MODE"),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import Field, field_validator\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass S(BaseSettings):\n    MODE: Literal[\"dev\", \"prod\"] = \"dev\"\n\nFIELDS = ['MODE']\nSETUP = S()\n"),
    PydanticCase(
      "str keeps spaces (v1)", version: 1, environment: ["NAME": "  spaced  "], dotenv: nil,
      expected: .values([("NAME", "\"  spaced  \"")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import BaseSettings, Field, validator\n\nclass S(BaseSettings):\n    NAME: str = 'x'\n\nFIELDS = ['NAME']\nSETUP = S()\n"),
    PydanticCase(
      "str keeps spaces (v2)", version: 2, environment: ["NAME": "  spaced  "], dotenv: nil,
      expected: .values([("NAME", "\"  spaced  \"")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import Field, field_validator\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass S(BaseSettings):\n    NAME: str = 'x'\n\nFIELDS = ['NAME']\nSETUP = S()\n"),
    PydanticCase(
      "prefix (v1)", version: 1, environment: ["APP_DEBUG": "yes", "NAME": "unprefixed"], dotenv: nil,
      expected: .values([("DEBUG", "true"), ("NAME", "\"n\"")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import BaseSettings, Field, validator\n\nclass S(BaseSettings):\n    DEBUG: bool = False\n    NAME: str = 'n'\n    class Config:\n        env_prefix = \"APP_\"\n\nFIELDS = ['DEBUG', 'NAME']\nSETUP = S()\n"),
    PydanticCase(
      "prefix (v2)", version: 2, environment: ["APP_DEBUG": "yes", "NAME": "unprefixed"], dotenv: nil,
      expected: .values([("DEBUG", "true"), ("NAME", "\"n\"")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import Field, field_validator\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass S(BaseSettings):\n    DEBUG: bool = False\n    NAME: str = 'n'\n    model_config = SettingsConfigDict(env_prefix=\"APP_\")\n\nFIELDS = ['DEBUG', 'NAME']\nSETUP = S()\n"),
    PydanticCase(
      "prefix case-insensitive (v1)", version: 1, environment: ["app_debug": "on", "App_Name": "mixed"], dotenv: nil,
      expected: .values([("DEBUG", "true"), ("NAME", "\"mixed\"")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import BaseSettings, Field, validator\n\nclass S(BaseSettings):\n    DEBUG: bool = False\n    NAME: str = 'n'\n    class Config:\n        env_prefix = \"APP_\"\n\nFIELDS = ['DEBUG', 'NAME']\nSETUP = S()\n"),
    PydanticCase(
      "prefix case-insensitive (v2)", version: 2, environment: ["app_debug": "on", "App_Name": "mixed"], dotenv: nil,
      expected: .values([("DEBUG", "true"), ("NAME", "\"mixed\"")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import Field, field_validator\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass S(BaseSettings):\n    DEBUG: bool = False\n    NAME: str = 'n'\n    model_config = SettingsConfigDict(env_prefix=\"APP_\")\n\nFIELDS = ['DEBUG', 'NAME']\nSETUP = S()\n"),
    PydanticCase(
      "case sensitive (v1)", version: 1, environment: ["app_debug": "on", "APP_NAME": "upper"], dotenv: nil,
      expected: .values([("DEBUG", "false"), ("NAME", "\"upper\"")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import BaseSettings, Field, validator\n\nclass S(BaseSettings):\n    DEBUG: bool = False\n    NAME: str = 'n'\n    class Config:\n        env_prefix = \"APP_\"\n        case_sensitive = True\n\nFIELDS = ['DEBUG', 'NAME']\nSETUP = S()\n"),
    PydanticCase(
      "case sensitive (v2)", version: 2, environment: ["app_debug": "on", "APP_NAME": "upper"], dotenv: nil,
      expected: .values([("DEBUG", "false"), ("NAME", "\"upper\"")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import Field, field_validator\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass S(BaseSettings):\n    DEBUG: bool = False\n    NAME: str = 'n'\n    model_config = SettingsConfigDict(env_prefix=\"APP_\", case_sensitive=True)\n\nFIELDS = ['DEBUG', 'NAME']\nSETUP = S()\n"),
    PydanticCase(
      "env file (v1)", version: 1, environment: ["APP_NAME": "from-env"], dotenv: "APP_DEBUG=true\nAPP_NAME=from-file\napp_key='file key'\n",
      expected: .values([("DEBUG", "true"), ("NAME", "\"from-env\""), ("KEY", "\"file key\"")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import BaseSettings, Field, validator\n\nclass S(BaseSettings):\n    DEBUG: bool = False\n    NAME: str = 'n'\n    KEY: str = 'k'\n    class Config:\n        env_prefix = \"APP_\"\n        env_file = \".env\"\n\nFIELDS = ['DEBUG', 'NAME', 'KEY']\nSETUP = S()\n"),
    PydanticCase(
      "env file (v2)", version: 2, environment: ["APP_NAME": "from-env"], dotenv: "APP_DEBUG=true\nAPP_NAME=from-file\napp_key='file key'\n",
      expected: .values([("DEBUG", "true"), ("NAME", "\"from-env\""), ("KEY", "\"file key\"")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import Field, field_validator\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass S(BaseSettings):\n    DEBUG: bool = False\n    NAME: str = 'n'\n    KEY: str = 'k'\n    model_config = SettingsConfigDict(env_prefix=\"APP_\", env_file=\".env\")\n\nFIELDS = ['DEBUG', 'NAME', 'KEY']\nSETUP = S()\n"),
    PydanticCase(
      "env file missing ignored (v1)", version: 1, environment: [:], dotenv: nil,
      expected: .values([("DEBUG", "false")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import BaseSettings, Field, validator\n\nclass S(BaseSettings):\n    DEBUG: bool = False\n    class Config:\n        env_file = \".env\"\n\nFIELDS = ['DEBUG']\nSETUP = S()\n"),
    PydanticCase(
      "env file missing ignored (v2)", version: 2, environment: [:], dotenv: nil,
      expected: .values([("DEBUG", "false")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import Field, field_validator\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass S(BaseSettings):\n    DEBUG: bool = False\n    model_config = SettingsConfigDict(env_file=\".env\")\n\nFIELDS = ['DEBUG']\nSETUP = S()\n"),
    PydanticCase(
      "env file extra key (v1)", version: 1, environment: [:], dotenv: "APP_DEBUG=1\nAPP_OTHER=x\nUNRELATED=y\n",
      expected: .values([("DEBUG", "true")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import BaseSettings, Field, validator\n\nclass S(BaseSettings):\n    DEBUG: bool = False\n    class Config:\n        env_prefix = \"APP_\"\n        env_file = \".env\"\n\nFIELDS = ['DEBUG']\nSETUP = S()\n"),
    PydanticCase(
      "env file extra key (v2)", version: 2, environment: [:], dotenv: "APP_DEBUG=1\nAPP_OTHER=x\nUNRELATED=y\n",
      expected: .error("ValidationError", "app_other"),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import Field, field_validator\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass S(BaseSettings):\n    DEBUG: bool = False\n    model_config = SettingsConfigDict(env_prefix=\"APP_\", env_file=\".env\")\n\nFIELDS = ['DEBUG']\nSETUP = S()\n"),
    PydanticCase(
      "kwargs win (v1)", version: 1, environment: ["DEBUG": "yes", "NAME": "env"], dotenv: nil,
      expected: .values([("DEBUG", "true"), ("NAME", "\"kw\"")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import BaseSettings, Field, validator\n\nclass S(BaseSettings):\n    DEBUG: bool = False\n    NAME: str = 'n'\n\nFIELDS = ['DEBUG', 'NAME']\nSETUP = S(NAME=\"kw\")\n"),
    PydanticCase(
      "kwargs win (v2)", version: 2, environment: ["DEBUG": "yes", "NAME": "env"], dotenv: nil,
      expected: .values([("DEBUG", "true"), ("NAME", "\"kw\"")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import Field, field_validator\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass S(BaseSettings):\n    DEBUG: bool = False\n    NAME: str = 'n'\n\nFIELDS = ['DEBUG', 'NAME']\nSETUP = S(NAME=\"kw\")\n"),
    PydanticCase(
      "field env v1 (v1)", version: 1, environment: ["DB_HOST": "db", "APP_HOST": "x"], dotenv: nil,
      expected: .values([("HOST", "\"db\"")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import BaseSettings, Field, validator\n\nclass S(BaseSettings):\n    HOST: str = Field(\"localhost\", env=\"DB_HOST\")\n    class Config:\n        env_prefix = \"APP_\"\n\nFIELDS = ['HOST']\nSETUP = S()\n"),
    PydanticCase(
      "field alias v2 (v2)", version: 2, environment: ["DB_HOST": "db", "APP_HOST": "x"], dotenv: nil,
      expected: .values([("HOST", "\"db\"")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import Field, field_validator\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass S(BaseSettings):\n    HOST: str = Field(\"localhost\", validation_alias=\"DB_HOST\")\n    model_config = SettingsConfigDict(env_prefix=\"APP_\")\n\nFIELDS = ['HOST']\nSETUP = S()\n"),
    PydanticCase(
      "config fields v1 (v1)", version: 1, environment: ["APP_PGHOST": "ignored", "PGHOST": "db", "APP_DEBUG": "1"], dotenv: nil,
      expected: .values([("PGHOST", "\"db\""), ("DEBUG", "true")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import BaseSettings, Field, validator\n\nclass S(BaseSettings):\n    PGHOST: Optional[str] = None\n    DEBUG: bool = False\n    class Config:\n        env_prefix = \"APP_\"\n        fields = {\"PGHOST\": {\"env\": \"PGHOST\"}}\n\nFIELDS = ['PGHOST', 'DEBUG']\nSETUP = S()\n"),
    PydanticCase(
      "config fields v1 prefixed ignored (v1)", version: 1, environment: ["APP_PGHOST": "ignored"], dotenv: nil,
      expected: .values([("PGHOST", "null")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import BaseSettings, Field, validator\n\nclass S(BaseSettings):\n    PGHOST: Optional[str] = None\n    class Config:\n        env_prefix = \"APP_\"\n        fields = {\"PGHOST\": {\"env\": \"PGHOST\"}}\n\nFIELDS = ['PGHOST']\nSETUP = S()\n"),
    PydanticCase(
      "default factory (v1)", version: 1, environment: [:], dotenv: nil,
      expected: .values([("HOSTS", "[\"*\"]"), ("KEY", "\"auto-x\"")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import BaseSettings, Field, validator\n\nclass S(BaseSettings):\n    HOSTS: list[str] = Field(default_factory=lambda: [\"*\"])\n    KEY: str = Field(default_factory=lambda: \"auto-\" + \"x\")\n\nFIELDS = ['HOSTS', 'KEY']\nSETUP = S()\n"),
    PydanticCase(
      "default factory (v2)", version: 2, environment: [:], dotenv: nil,
      expected: .values([("HOSTS", "[\"*\"]"), ("KEY", "\"auto-x\"")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import Field, field_validator\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass S(BaseSettings):\n    HOSTS: list[str] = Field(default_factory=lambda: [\"*\"])\n    KEY: str = Field(default_factory=lambda: \"auto-\" + \"x\")\n\nFIELDS = ['HOSTS', 'KEY']\nSETUP = S()\n"),
    PydanticCase(
      "default not validated (v1)", version: 1, environment: [:], dotenv: nil,
      expected: .error("ValidationError", "DEBUG"),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import BaseSettings, Field, validator\n\nclass S(BaseSettings):\n    DEBUG: bool = \"maybe\"\n\nFIELDS = ['DEBUG']\nSETUP = S()\n"),
    PydanticCase(
      "default not validated (v2)", version: 2, environment: [:], dotenv: nil,
      expected: .error("ValidationError", "DEBUG"),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import Field, field_validator\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass S(BaseSettings):\n    DEBUG: bool = \"maybe\"\n\nFIELDS = ['DEBUG']\nSETUP = S()\n"),
    PydanticCase(
      "validator raises (v1)", version: 1, environment: [:], dotenv: nil,
      expected: .error("ValidationError", "PGHOST"),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import BaseSettings, Field, validator\n\nclass S(BaseSettings):\n    DATABASE: Optional[str] = None\n    PGHOST: Optional[str] = None\n    @validator(\"PGHOST\", always=True)\n    def check_host(cls, v, values):\n        if not values.get(\"DATABASE\") and not v:\n            raise ValueError(\"Either DATABASE or PGHOST are required.\")\n        return v\n\nFIELDS = ['DATABASE', 'PGHOST']\nSETUP = S()\n"),
    PydanticCase(
      "validator raises v2 default (v2)", version: 2, environment: [:], dotenv: nil,
      expected: .error("ValidationError", "PGHOST"),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import Field, field_validator\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass S(BaseSettings):\n    DATABASE: Optional[str] = None\n    PGHOST: Optional[str] = None\n    @field_validator(\"PGHOST\")\n    @classmethod\n    def check_host(cls, v, info):\n        if not info.data.get(\"DATABASE\") and not v:\n            raise ValueError(\"Either DATABASE or PGHOST are required.\")\n        return v\n    model_config = SettingsConfigDict(validate_default=True)\n\nFIELDS = ['DATABASE', 'PGHOST']\nSETUP = S()\n"),
    PydanticCase(
      "validator passes with database (v1)", version: 1, environment: ["DATABASE": "postgres://x"], dotenv: nil,
      expected: .values([("DATABASE", "\"postgres://x\""), ("PGHOST", "null")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import BaseSettings, Field, validator\n\nclass S(BaseSettings):\n    DATABASE: Optional[str] = None\n    PGHOST: Optional[str] = None\n    @validator(\"PGHOST\", always=True)\n    def check_host(cls, v, values):\n        if not values.get(\"DATABASE\") and not v:\n            raise ValueError(\"Either DATABASE or PGHOST are required.\")\n        return v\n\nFIELDS = ['DATABASE', 'PGHOST']\nSETUP = S()\n"),
    PydanticCase(
      "validator passes with database (v2)", version: 2, environment: ["DATABASE": "postgres://x"], dotenv: nil,
      expected: .values([("DATABASE", "\"postgres://x\""), ("PGHOST", "null")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import Field, field_validator\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass S(BaseSettings):\n    DATABASE: Optional[str] = None\n    PGHOST: Optional[str] = None\n    @field_validator(\"PGHOST\")\n    @classmethod\n    def check_host(cls, v, info):\n        if not info.data.get(\"DATABASE\") and not v:\n            raise ValueError(\"Either DATABASE or PGHOST are required.\")\n        return v\n\nFIELDS = ['DATABASE', 'PGHOST']\nSETUP = S()\n"),
    PydanticCase(
      "validator passes with host (v1)", version: 1, environment: ["PGHOST": "db"], dotenv: nil,
      expected: .values([("DATABASE", "null"), ("PGHOST", "\"db\"")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import BaseSettings, Field, validator\n\nclass S(BaseSettings):\n    DATABASE: Optional[str] = None\n    PGHOST: Optional[str] = None\n    @validator(\"PGHOST\", always=True)\n    def check_host(cls, v, values):\n        if not values.get(\"DATABASE\") and not v:\n            raise ValueError(\"Either DATABASE or PGHOST are required.\")\n        return v\n\nFIELDS = ['DATABASE', 'PGHOST']\nSETUP = S()\n"),
    PydanticCase(
      "validator passes with host (v2)", version: 2, environment: ["PGHOST": "db"], dotenv: nil,
      expected: .values([("DATABASE", "null"), ("PGHOST", "\"db\"")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import Field, field_validator\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass S(BaseSettings):\n    DATABASE: Optional[str] = None\n    PGHOST: Optional[str] = None\n    @field_validator(\"PGHOST\")\n    @classmethod\n    def check_host(cls, v, info):\n        if not info.data.get(\"DATABASE\") and not v:\n            raise ValueError(\"Either DATABASE or PGHOST are required.\")\n        return v\n\nFIELDS = ['DATABASE', 'PGHOST']\nSETUP = S()\n"),
    PydanticCase(
      "validator transforms (v1)", version: 1, environment: ["NAME": "abc"], dotenv: nil,
      expected: .values([("NAME", "\"ABC\"")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import BaseSettings, Field, validator\n\nclass S(BaseSettings):\n    NAME: str = 'n'\n    @validator(\"NAME\")\n    def upper(cls, v):\n        return v.upper()\n\nFIELDS = ['NAME']\nSETUP = S()\n"),
    PydanticCase(
      "validator transforms (v2)", version: 2, environment: ["NAME": "abc"], dotenv: nil,
      expected: .values([("NAME", "\"ABC\"")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import Field, field_validator\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass S(BaseSettings):\n    NAME: str = 'n'\n    @field_validator(\"NAME\")\n    @classmethod\n    def upper(cls, v):\n        return v.upper()\n\nFIELDS = ['NAME']\nSETUP = S()\n"),
    PydanticCase(
      "validator not run on default v1 (v1)", version: 1, environment: [:], dotenv: nil,
      expected: .values([("NAME", "\"N\"")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import BaseSettings, Field, validator\n\nclass S(BaseSettings):\n    NAME: str = 'n'\n    @validator(\"NAME\")\n    def upper(cls, v):\n        return v.upper()\n\nFIELDS = ['NAME']\nSETUP = S()\n"),
    PydanticCase(
      "validator not run on default v1 (v2)", version: 2, environment: [:], dotenv: nil,
      expected: .values([("NAME", "\"N\"")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import Field, field_validator\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass S(BaseSettings):\n    NAME: str = 'n'\n    @field_validator(\"NAME\")\n    @classmethod\n    def upper(cls, v):\n        return v.upper()\n\nFIELDS = ['NAME']\nSETUP = S()\n"),
    PydanticCase(
      "pre validator (v1)", version: 1, environment: ["PORT": "x80x"], dotenv: nil,
      expected: .values([("PORT", "80")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import BaseSettings, Field, validator\n\nclass S(BaseSettings):\n    PORT: int = 1\n    @validator(\"PORT\", pre=True)\n    def strip(cls, v):\n        return v.strip(\"x\")\n\nFIELDS = ['PORT']\nSETUP = S()\n"),
    PydanticCase(
      "pre validator (v2)", version: 2, environment: ["PORT": "x80x"], dotenv: nil,
      expected: .values([("PORT", "80")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import Field, field_validator\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass S(BaseSettings):\n    PORT: int = 1\n    @field_validator(\"PORT\", mode=\"before\")\n    @classmethod\n    def strip(cls, v):\n        return v.strip(\"x\")\n\nFIELDS = ['PORT']\nSETUP = S()\n"),
    PydanticCase(
      "validator TypeError (v1)", version: 1, environment: [:], dotenv: nil,
      expected: .error("ValidationError", "X"),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import BaseSettings, Field, validator\n\nclass S(BaseSettings):\n    X: str = 'a'\n    @validator(\"X\")\n    def boom(cls, v):\n        raise TypeError(\"boom\")\n\nFIELDS = ['X']\nSETUP = S()\n"),
    PydanticCase(
      "validator TypeError (v2)", version: 2, environment: [:], dotenv: nil,
      expected: .error("TypeError", ""),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import Field, field_validator\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass S(BaseSettings):\n    X: str = 'a'\n    @field_validator(\"X\")\n    @classmethod\n    def boom(cls, v):\n        raise TypeError(\"boom\")\n\nFIELDS = ['X']\nSETUP = S()\n"),
    PydanticCase(
      "optional list not json (v1)", version: 1, environment: ["L": "a"], dotenv: nil,
      expected: .error("SettingsError", "error parsing env var \"l\""),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import BaseSettings, Field, validator\n\nclass S(BaseSettings):\n    L: Optional[List[str]] = None\n\nFIELDS = ['L']\nSETUP = S()\n"),
    PydanticCase(
      "optional list not json (v2)", version: 2, environment: ["L": "a"], dotenv: nil,
      expected: .error("ValidationError", "L"),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import Field, field_validator\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass S(BaseSettings):\n    L: Optional[List[str]] = None\n\nFIELDS = ['L']\nSETUP = S()\n"),
    PydanticCase(
      "list of int items (v1)", version: 1, environment: ["L": "[1, \"2\", \"x\"]"], dotenv: nil,
      expected: .error("ValidationError", "L"),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import BaseSettings, Field, validator\n\nclass S(BaseSettings):\n    L: List[int] = []\n\nFIELDS = ['L']\nSETUP = S()\n"),
    PydanticCase(
      "list of int items (v2)", version: 2, environment: ["L": "[1, \"2\", \"x\"]"], dotenv: nil,
      expected: .error("ValidationError", "L"),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import Field, field_validator\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass S(BaseSettings):\n    L: List[int] = []\n\nFIELDS = ['L']\nSETUP = S()\n"),
    PydanticCase(
      "alias of a subscripted type (v1)", version: 1, environment: ["L": "[\"a\"]"], dotenv: nil,
      expected: .unknown,
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import BaseSettings, Field, validator\n\nclass S(BaseSettings):\n    L: Hosts = []\n\nFIELDS = ['L']\nSETUP = S()\n"),
    PydanticCase(
      "alias of a subscripted type (v2)", version: 2, environment: ["L": "[\"a\"]"], dotenv: nil,
      expected: .unknown,
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import Field, field_validator\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass S(BaseSettings):\n    L: Hosts = []\n\nFIELDS = ['L']\nSETUP = S()\n"),
    PydanticCase(
      "_env_file given to the class (v1)", version: 1, environment: [:], dotenv: "DEBUG=yes\n",
      expected: .values([("DEBUG", "true")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import BaseSettings, Field, validator\n\nclass S(BaseSettings):\n    DEBUG: bool = False\n\nFIELDS = ['DEBUG']\nSETUP = S(_env_file=\".env\")\n"),
    PydanticCase(
      "_env_file given to the class (v2)", version: 2, environment: [:], dotenv: "DEBUG=yes\n",
      expected: .values([("DEBUG", "true")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import Field, field_validator\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass S(BaseSettings):\n    DEBUG: bool = False\n\nFIELDS = ['DEBUG']\nSETUP = S(_env_file=\".env\")\n"),
    PydanticCase(
      "unknown keyword refused (v1)", version: 1, environment: [:], dotenv: nil,
      expected: .error("ValidationError", "OTHER"),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import BaseSettings, Field, validator\n\nclass S(BaseSettings):\n    DEBUG: bool = False\n\nFIELDS = ['DEBUG']\nSETUP = S(OTHER=1)\n"),
    PydanticCase(
      "unknown keyword refused (v2)", version: 2, environment: [:], dotenv: nil,
      expected: .error("ValidationError", "OTHER"),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import Field, field_validator\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass S(BaseSettings):\n    DEBUG: bool = False\n\nFIELDS = ['DEBUG']\nSETUP = S(OTHER=1)\n"),
    PydanticCase(
      "unknown keyword ignored (v1)", version: 1, environment: [:], dotenv: nil,
      expected: .values([("DEBUG", "false")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import BaseSettings, Field, validator\n\nclass S(BaseSettings):\n    DEBUG: bool = False\n    class Config:\n        extra = \"ignore\"\n\nFIELDS = ['DEBUG']\nSETUP = S(OTHER=1)\n"),
    PydanticCase(
      "unknown keyword ignored (v2)", version: 2, environment: [:], dotenv: nil,
      expected: .values([("DEBUG", "false")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import Field, field_validator\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass S(BaseSettings):\n    DEBUG: bool = False\n    model_config = SettingsConfigDict(extra=\"ignore\")\n\nFIELDS = ['DEBUG']\nSETUP = S(OTHER=1)\n"),
    PydanticCase(
      "Field(...) Optional is required (v1)", version: 1, environment: [:], dotenv: nil,
      expected: .error("ValidationError", "HOST"),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import BaseSettings, Field, validator\n\nclass S(BaseSettings):\n    HOST: Optional[str] = Field(...)\n\nFIELDS = ['HOST']\nSETUP = S()\n"),
    PydanticCase(
      "Field(...) Optional is required (v2)", version: 2, environment: [:], dotenv: nil,
      expected: .error("ValidationError", "HOST"),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import Field, field_validator\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass S(BaseSettings):\n    HOST: Optional[str] = Field(...)\n\nFIELDS = ['HOST']\nSETUP = S()\n"),
    PydanticCase(
      "default_factory only when unset (v1)", version: 1, environment: ["N": "5"], dotenv: nil,
      expected: .values([("N", "5")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import BaseSettings, Field, validator\n\nclass S(BaseSettings):\n    N: int = Field(default_factory=lambda: 1 // 0)\n\nFIELDS = ['N']\nSETUP = S()\n"),
    PydanticCase(
      "default_factory only when unset (v2)", version: 2, environment: ["N": "5"], dotenv: nil,
      expected: .values([("N", "5")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import Field, field_validator\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass S(BaseSettings):\n    N: int = Field(default_factory=lambda: 1 // 0)\n\nFIELDS = ['N']\nSETUP = S()\n"),
    PydanticCase(
      "keyword does not stop an env JSON error (v1)", version: 1, environment: ["L": "a"], dotenv: nil,
      expected: .error("SettingsError", "error parsing env var \"l\""),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import BaseSettings, Field, validator\n\nclass S(BaseSettings):\n    L: list[str] = []\n\nFIELDS = ['L']\nSETUP = S(L=[\"x\"])\n"),
    PydanticCase(
      "keyword does not stop an env JSON error (v2)", version: 2, environment: ["L": "a"], dotenv: nil,
      expected: .error("SettingsError", "error parsing value for field \"L\" from source \"EnvSettingsSource\""),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import Field, field_validator\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass S(BaseSettings):\n    L: list[str] = []\n\nFIELDS = ['L']\nSETUP = S(L=[\"x\"])\n"),
    PydanticCase(
      "env file JSON error where the environment wins (v1)", version: 1, environment: ["L": "[\"e\"]"], dotenv: "L=notjson\n",
      expected: .values([("L", "[\"e\"]")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import BaseSettings, Field, validator\n\nclass S(BaseSettings):\n    L: list[str] = []\n    class Config:\n        env_file = \".env\"\n\nFIELDS = ['L']\nSETUP = S()\n"),
    PydanticCase(
      "env file JSON error where the environment wins (v2)", version: 2, environment: ["L": "[\"e\"]"], dotenv: "L=notjson\n",
      expected: .error("SettingsError", "error parsing value for field \"L\" from source \"DotEnvSettingsSource\""),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import Field, field_validator\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass S(BaseSettings):\n    L: list[str] = []\n    model_config = SettingsConfigDict(env_file=\".env\")\n\nFIELDS = ['L']\nSETUP = S()\n"),
    PydanticCase(
      "inherited fields (v1)", version: 1, environment: ["EXTRA": "2", "CHILD": "4"], dotenv: nil,
      expected: .values([("EXTRA", "2"), ("CHILD", "4")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import BaseSettings, Field, validator\n\nclass S(BaseSettings):\n    EXTRA: int = 1\n\nclass T(S):\n    CHILD: int = 3\n\nFIELDS = ['EXTRA', 'CHILD']\nSETUP = T()\n"),
    PydanticCase(
      "inherited fields (v2)", version: 2, environment: ["EXTRA": "2", "CHILD": "4"], dotenv: nil,
      expected: .values([("EXTRA", "2"), ("CHILD", "4")]),
      source: "from typing import Optional, Literal, List, Dict, Tuple, Union\nHosts = list[int]\nfrom pydantic import Field, field_validator\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass S(BaseSettings):\n    EXTRA: int = 1\n\nclass T(S):\n    CHILD: int = 3\n\nFIELDS = ['EXTRA', 'CHILD']\nSETUP = T()\n"),
  ]

  // MARK: What Parapet does not decide, and where values come from

  /// A type Parapet does not validate (AnyUrl) leaves the field unknown, naming the type, and
  /// the instantiation a possible load error, never a pass; None for an unset Optional of it
  /// stays None (pydantic does not validate None against the inner type).
  @Test func anUnmodelledTypeIsUnknownAndAPossibleLoadError() {
    let source = """
      from pydantic import AnyUrl, BaseSettings
      class S(BaseSettings):
          EMAIL: AnyUrl = "smtp://localhost"
          CACHE: AnyUrl | None
          DEBUG: bool = False
      SETUP = S()
      """
    let result = Self.run(source, environment: ["DEBUG": "yes"])
    #expect(result.loadErrors.isEmpty)
    let instance = Self.instance(result)
    #expect(instance?.attributes["EMAIL"]?.unknownReason?.contains("AnyUrl") == true)
    #expect(instance?.attributes["CACHE"].map { if case .none = $0.kind { true } else { false } } == true)
    #expect(instance?.attributes["DEBUG"]?.boolValue == true)
    #expect(result.evaluator.possibleLoadErrors.first?.message.contains("AnyUrl") == true)
  }

  /// An env file outside the scanned files is unknown with its path; one missing inside the
  /// project is skipped, as pydantic does.
  @Test func envFilesOutsideTheScanAreUnknownMissingOnesAreSkipped() {
    let outside = Self.run("""
      from pydantic import BaseSettings
      class S(BaseSettings):
          DEBUG: bool = False
          class Config:
              env_file = "/etc/app/app.env"
      SETUP = S()
      """)
    #expect(outside.loadErrors.isEmpty)
    #expect(outside.value("SETUP")?.unknownReason?.contains("/etc/app/app.env") == true)
    #expect(outside.evaluator.possibleLoadErrors.isEmpty == false)
    let missing = Self.run("""
      from pydantic import BaseSettings
      class S(BaseSettings):
          DEBUG: bool = False
          class Config:
              env_file = "local.env"
      SETUP = S()
      """)
    #expect(missing.loadErrors.isEmpty)
    #expect(Self.instance(missing)?.attributes["DEBUG"]?.boolValue == false)
  }

  /// Values carry where they came from: the variable, the env file's line, or the default
  /// with the variable that was not set.
  @Test func provenanceNamesTheVariableOrTheEnvFileLine() {
    let source = """
      from pydantic import BaseSettings
      class S(BaseSettings):
          SECRET_KEY: str = "dev"
          DEBUG: bool = False
          NAME: str = "n"
          class Config:
              env_prefix = "APP_"
              env_file = ".env"
      SETUP = S()
      """
    let result = Self.run(source, environment: ["APP_SECRET_KEY": "s"], files: [".env": "# local\nAPP_DEBUG=on\n"])
    let instance = Self.instance(result)
    #expect(instance?.attributes["SECRET_KEY"]?.uses.first?.variable == "APP_SECRET_KEY")
    #expect(instance?.attributes["SECRET_KEY"]?.fromSecretVariable == true)
    #expect(instance?.attributes["DEBUG"]?.uses.contains { $0.state == .file(".env:2") } == true)
    #expect(instance?.attributes["NAME"]?.uses.contains { $0.variable == "APP_NAME" && $0.state == .unset } == true)
  }

  /// Case-insensitive, pydantic lower-cases every variable: two spellings with different
  /// values depend on the process's order, so the field is unknown.
  @Test func twoSpellingsWithDifferentValuesAreUnknown() {
    let source = """
      from pydantic import BaseSettings
      class S(BaseSettings):
          DEBUG: bool = False
      SETUP = S()
      """
    let result = Self.run(source, environment: ["DEBUG": "yes", "debug": "no"])
    #expect(result.loadErrors.isEmpty)
    #expect(Self.instance(result)?.attributes["DEBUG"]?.isUnknown == true)
  }

  /// `@validator("PGHOST")` names a field: it is not a read of $PGHOST, and neither is any
  /// decorator call of a library Parapet does not model.
  @Test func aDecoratorArgumentIsNotAVariableRead() {
    let source = """
      import somelib
      from pydantic import BaseSettings, validator
      class S(BaseSettings):
          DATABASE: str | None = None
          PGHOST: str | None = None
          @validator("PGHOST", always=True)
          def check(cls, v, values):
              if not values.get("DATABASE") and not v:
                  raise ValueError("Either DATABASE or PGHOST are required.")
              return v
      @somelib.register("SOME_NAME")
      def hook():
          pass
      SETUP = S()
      """
    let result = Self.run(source, environment: ["DATABASE": "postgres://db/x"])
    #expect(result.loadErrors.isEmpty)
    #expect(result.evaluator.possibleLoadErrors.isEmpty, "\(result.evaluator.possibleLoadErrors.map(\.message))")
    let neither = Self.run(source)
    #expect(neither.loadErrors.first?.type == "ValidationError")
    // The validator's raise, at its line, for the field it validates.
    let message = neither.loadErrors.first?.message ?? ""
    #expect(message.contains("PGHOST (Either DATABASE or PGHOST are required. (raised by the settings at mysite/settings.py:9"), "\(message)")
  }

  /// Options that change where values come from leave the instance unknown, and its creation a
  /// possible load error.
  @Test func unmodelledOptionsLeaveTheInstanceUnknown() {
    let source = """
      from pydantic import BaseSettings
      class S(BaseSettings):
          DEBUG: bool = False
          class Config:
              secrets_dir = "/run/secrets"
      SETUP = S()
      """
    let result = Self.run(source)
    #expect(result.value("SETUP")?.unknownReason?.contains("secrets_dir") == true)
    #expect(!result.evaluator.possibleLoadErrors.isEmpty)
  }
}
