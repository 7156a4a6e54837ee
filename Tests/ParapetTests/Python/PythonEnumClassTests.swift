import Foundation
import ParapetFacts
import Testing

@testable import ParapetPython

/// `enum.Enum` classes in settings (styleguide's `env_to_enum(EmailSendingStrategy, …)`):
/// members in definition order, aliases, lookups by value and by name with Python's errors,
/// membership, and data-type mixins that compare equal to their values.
@Suite("Enum classes")
struct PythonEnumClassTests {
  static let envToEnum = """
    import os
    from enum import Enum
    from django.core.exceptions import ImproperlyConfigured
    class Mode(Enum):
        LOCAL = "local"
        S3 = "s3"
    def env_to_enum(enum_cls, value):
        for x in enum_cls:
            if x.value == value:
                return x
        raise ImproperlyConfigured("bad value")
    MODE = env_to_enum(Mode, os.environ.get("MODE", "local"))
    IS_LOCAL = MODE == Mode.LOCAL
    DEBUG = False
    """

  @Test func iteratingAnEnumDecidesAHelperThatLooksUpItsValue() {
    let local = PythonEvaluation.settings(Self.envToEnum)
    #expect(local.loadErrors.isEmpty)
    #expect(local.evaluator.possibleLoadErrors.isEmpty)
    #expect(local.value("IS_LOCAL")?.boolValue == true)

    let bogus = PythonEvaluation.settings(Self.envToEnum, environment: ["MODE": "bogus"])
    #expect(bogus.loadErrors.map(\.type) == ["ImproperlyConfigured"])
    #expect(bogus.loadErrors.first?.location?.line == 12)
  }

  @Test func membersAliasesNamesAndValues() {
    let result = PythonEvaluation.settings("""
      import enum
      class Color(enum.Enum):
          RED = 1
          GREEN = 2
          CRIMSON = 1
          def describe(self):
              return self.name.lower()
      NAMES = [c.name for c in Color]
      VALUES = list(Color)
      COUNT = len(Color)
      ALIAS_IS_RED = Color.CRIMSON is Color.RED
      ALIAS_NAME = Color.CRIMSON.name
      BY_VALUE = Color(2).name
      BY_NAME = Color["CRIMSON"].value
      MEMBERS = list(Color.__members__)
      DESCRIBED = Color.GREEN.describe()
      EQUAL_TO_VALUE = Color.RED == 1
      RED_IN = Color.RED in Color
      TEXT = str(Color.GREEN)
      """)
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("NAMES")?.repr == "['RED', 'GREEN']")
    #expect(result.value("COUNT")?.integerValue == 2)
    #expect(result.value("ALIAS_IS_RED")?.boolValue == true)
    #expect(result.value("ALIAS_NAME")?.stringValue == "RED")
    #expect(result.value("BY_VALUE")?.stringValue == "GREEN")
    #expect(result.value("BY_NAME")?.integerValue == 1)
    #expect(result.value("MEMBERS")?.repr == "['RED', 'GREEN', 'CRIMSON']")
    #expect(result.value("DESCRIBED")?.stringValue == "green")
    // A pure Enum member is equal only to itself.
    #expect(result.value("EQUAL_TO_VALUE")?.boolValue == false)
    #expect(result.value("RED_IN")?.boolValue == true)
    #expect(result.value("TEXT")?.stringValue == "Color.GREEN")
  }

  @Test func lookupsThatFindNothingRaiseAsPythonDoes() {
    let byValue = PythonEvaluation.settings("""
      from enum import Enum
      class Mode(Enum):
          LOCAL = "local"
      MODE = Mode("bogus")
      """)
    #expect(byValue.loadErrors.first?.type == "ValueError")
    #expect(byValue.loadErrors.first?.message.contains("'bogus' is not a valid Mode") == true)

    let byName = PythonEvaluation.settings("""
      from enum import Enum
      class Mode(Enum):
          LOCAL = "local"
      MODE = Mode["REMOTE"]
      """)
    #expect(byName.loadErrors.first?.type == "KeyError")

    // `_missing_` may find a member for any value: not decided.
    let missing = PythonEvaluation.settings("""
      from enum import Enum
      class Mode(Enum):
          LOCAL = "local"
          @classmethod
          def _missing_(cls, value):
              return cls.LOCAL
      MODE = Mode("bogus")
      """)
    #expect(missing.loadErrors.isEmpty)
    #expect(missing.value("MODE")?.isUnknown == true)
  }

  @Test func mixinsCompareEqualToTheirValues() {
    let result = PythonEvaluation.settings("""
      from enum import Enum, IntEnum, StrEnum, auto
      class Backend(str, Enum):
          SMTP = "smtp"
          CONSOLE = "console"
      class Level(IntEnum):
          LOW = 1
          HIGH = 2
      class Kind(StrEnum):
          FIRST = auto()
          SECOND = auto()
      class Number(Enum):
          ONE = auto()
          TWO = auto()
      SMTP_EQUAL = Backend.SMTP == "smtp"
      SMTP_KEY = {"smtp": 1}[Backend.SMTP]
      UPPER = Backend.SMTP.upper()
      HIGH_EQUAL = Level.HIGH == 2
      LEVEL = Level(2).name
      KIND = Kind.SECOND.value
      KIND_TEXT = str(Kind.FIRST)
      NUMBER = Number.TWO.value
      EMAIL_BACKEND = Backend.SMTP
      """)
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("SMTP_EQUAL")?.boolValue == true)
    #expect(result.value("SMTP_KEY")?.integerValue == 1)
    #expect(result.value("UPPER")?.stringValue == "SMTP")
    #expect(result.value("HIGH_EQUAL")?.boolValue == true)
    #expect(result.value("LEVEL")?.stringValue == "HIGH")
    #expect(result.value("KIND")?.stringValue == "second")
    #expect(result.value("KIND_TEXT")?.stringValue == "first")
    #expect(result.value("NUMBER")?.integerValue == 2)
    #expect(result.value("EMAIL_BACKEND")?.enumMixinValue?.stringValue == "smtp")
  }

  /// `value in EnumClass` for a value that is not a member: a TypeError before Python 3.12, a
  /// comparison of values from 3.12; unknown when the evidence does not say.
  @Test func membershipOfAPlainValueDependsOnThePythonVersion() {
    let source = """
      from enum import Enum
      class Mode(Enum):
          LOCAL = "local"
      FOUND = "local" in Mode
      """
    let modern = PythonEvaluation.settings(source, version: PythonVersionRange(lower: [3, 12, 0], upper: nil, source: "test"))
    #expect(modern.value("FOUND")?.boolValue == true)
    let old = PythonEvaluation.settings(source, version: PythonVersionRange(lower: [3, 10, 0], upper: [3, 11, 0], source: "test"))
    #expect(old.loadErrors.first?.type == "TypeError")
    let unsaid = PythonEvaluation.settings(source)
    #expect(unsaid.loadErrors.isEmpty)
    #expect(unsaid.value("FOUND")?.isUnknown == true)
  }

  @Test func whatParapetDoesNotModelStaysUnknown() {
    let result = PythonEvaluation.settings("""
      from enum import Enum, unique
      from thirdparty import VALUE
      class Planet(Enum):
          EARTH = (5.97e24, 6.37e6)
          def __init__(self, mass, radius):
              self.mass = mass
      class Remote(Enum):
          A = VALUE
      PLANETS = list(Planet)
      REMOTES = list(Remote)
      """)
    #expect(result.loadErrors.isEmpty)
    #expect(result.value("PLANETS")?.isUnknown == true)
    #expect(result.value("REMOTES")?.isUnknown == true)

    let duplicated = PythonEvaluation.settings("""
      from enum import Enum, unique
      @unique
      class Mode(Enum):
          A = 1
          B = 1
      """)
    #expect(duplicated.loadErrors.first?.type == "ValueError")
  }
}
