import Testing

@testable import ParapetPython

/// `@dataclass` classes in settings helpers (authentik's `Attr`) are built as Python builds
/// them. Every expectation here was checked by running the same code under CPython 3.11.
@Suite("Dataclasses")
struct DataclassTests {
  @Test func fieldsDefaultsFactoriesAndPostInit() {
    let result = PythonEvaluation.settings("""
      import os
      from dataclasses import dataclass, field, KW_ONLY, InitVar, asdict
      from typing import ClassVar
      from enum import Enum

      @dataclass(slots=True)
      class Attr:
          class Source(Enum):
              UNSPECIFIED = "unspecified"
              ENV = "env"
          value: object
          source_type: Source = field(default=Source.UNSPECIFIED)
          source: str | None = field(default=None)
          def __post_init__(self):
              if isinstance(self.value, Attr):
                  raise RuntimeError("nested")

      @dataclass
      class Base:
          host: str
          port: int = 5432
          registry: ClassVar[dict] = {}

      @dataclass
      class Database(Base):
          name: str = "app"
          options: dict = field(default_factory=dict)
          _: KW_ONLY
          debug: bool = False
          secret: InitVar[str] = ""
          def __post_init__(self, secret):
              self.password_set = bool(secret)

      A = Attr(os.environ.get("VALUE", "x"))
      SOURCE = A.source_type.value
      D = Database("db", debug=True, secret="s")
      HOST = D.host
      PORT = D.port
      NAME = D.name
      DEBUG = D.debug
      PASSWORD_SET = D.password_set
      AS_DICT = asdict(D)
      HAS_SECRET_ATTR = hasattr(D, "secret")
      """)
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("SOURCE")?.stringValue == "unspecified")
    #expect(result.value("HOST")?.stringValue == "db")
    #expect(result.value("PORT")?.integerValue == 5432)
    #expect(result.value("NAME")?.stringValue == "app")
    #expect(result.value("DEBUG")?.boolValue == true)
    #expect(result.value("PASSWORD_SET")?.boolValue == true)
    if case .dict(let dict)? = result.value("AS_DICT")?.kind {
      #expect(dict.entries.values.map { $0.key.stringValue ?? "" } == ["host", "port", "name", "options", "debug"])
    } else {
      Issue.record("asdict() gives a dict")
    }
    #expect(result.value("HAS_SECRET_ATTR")?.boolValue == true)
  }

  @Test func pythonRefusesAMutableDefault() {
    let result = PythonEvaluation.settings("""
      from dataclasses import dataclass

      @dataclass
      class Hosts:
          hosts: list = []
      """)
    #expect(result.loadErrors.map(\.type) == ["ValueError"])
  }

  @Test func pythonRefusesARequiredFieldAfterADefault() {
    let result = PythonEvaluation.settings("""
      from dataclasses import dataclass

      @dataclass
      class Pair:
          a: int = 1
          b: int
      """)
    #expect(result.loadErrors.map(\.type) == ["TypeError"])
  }

  @Test func aMissingArgumentRaises() {
    let result = PythonEvaluation.settings("""
      from dataclasses import dataclass

      @dataclass
      class Needs:
          a: int

      VALUE = Needs()
      """)
    #expect(result.loadErrors.map(\.type) == ["TypeError"])
  }

  @Test func aBaseParapetCannotSeeLeavesTheClassUnknown() {
    let result = PythonEvaluation.settings("""
      from dataclasses import dataclass
      from somelib import Settings

      @dataclass
      class Local(Settings):
          debug: bool = False

      DEBUG = Local().debug
      """)
    #expect(result.value("DEBUG")?.isUnknown == true)
  }
}
