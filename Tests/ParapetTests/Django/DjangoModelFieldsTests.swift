import ParapetFacts
import Testing

@testable import ParapetEvidence

/// `django.models`: the installed apps' CharFields without max_length, read statically from the
/// scanned model modules (imports, aliases, inheritance, abstract and proxy models, packages),
/// and an unknown with a reason for what a static reading cannot decide.
@Suite("Django model fields (fields.E120 facts)")
struct DjangoModelFieldsTests {
  static func settings(_ apps: [String]) -> String {
    "INSTALLED_APPS = [" + apps.map { "\"\($0)\"" }.joined(separator: ", ") + "]\nDEBUG = False\n"
  }

  /// `model.field@file:line` for each listed field, and the unknowns' reasons.
  static func read(_ apps: [String], _ files: [String: String]) -> (fields: [String], unknowns: [String]) {
    var all = files
    all["mysite/settings.py"] = settings(apps)
    let (facts, _) = DjangoFixture.read(all)
    var fields: [String] = []
    if case .list(let items)? = facts.value("django.models.charfields_without_max_length") {
      for item in items {
        let model = item["model"]?.value.stringValue ?? "?"
        let field = item["field"]?.value.stringValue ?? "?"
        fields.append("\(model).\(field)@\(item.location?.file ?? "?"):\(item.location?.line ?? 0)")
      }
    }
    var unknowns: [String] = []
    if case .list(let items)? = facts.value("django.models.unknowns") {
      unknowns = items.map { $0["reason"]?.value.stringValue ?? "?" }
    }
    return (fields, unknowns)
  }

  @Test func everyImportFormOfCharFieldCounts() {
    let models = """
      import django.db.models
      from django.db import models as m
      from django.db.models import CharField as CF, Model
      from django.contrib.gis.db import models as gis
      from django import forms

      Alias = m.CharField

      class Shop(Model):
          a = m.CharField()
          b = CF(null=True)
          c = django.db.models.CharField(blank=True)
          d = gis.CharField()
          e = Alias()
          f = m.CharField(max_length=None)
          ok1 = m.CharField(max_length=20)
          ok2 = m.CharField("Label", "ok2", False, 30)
          ok3 = m.TextField()
          ok4 = forms.CharField()
          ok5 = m.SlugField()
      """
    let (fields, unknowns) = Self.read(["shop"], ["shop/__init__.py": "", "shop/models.py": models])
    #expect(fields == ["shop.Shop.a@shop/models.py:10", "shop.Shop.b@shop/models.py:11", "shop.Shop.c@shop/models.py:12",
      "shop.Shop.d@shop/models.py:13", "shop.Shop.e@shop/models.py:14", "shop.Shop.f@shop/models.py:15"])
    #expect(unknowns == [])
  }

  @Test func starImportOfDjangoModelsCounts() {
    let models = "from django.db.models import *\n\nclass Shop(Model):\n    name = CharField()\n"
    let (fields, _) = Self.read(["shop"], ["shop/__init__.py": "", "shop/models.py": models])
    #expect(fields == ["shop.Shop.name@shop/models.py:4"])
  }

  @Test func abstractFieldsAreCheckedInEachConcreteSubclassOnly() {
    let base = """
      from django.db import models

      class Stamped(models.Model):
          label = models.CharField()

          class Meta:
              abstract = True

      class NotAModel:
          mixin_field = models.CharField()
      """
    let models = """
      from django.db import models
      from common.base import Stamped, NotAModel

      class Product(NotAModel, Stamped):
          own = models.CharField()

      class Fixed(Stamped):
          label = models.CharField(max_length=10)

      class Removed(Stamped):
          label = None

      class Child(Product):
          extra = models.IntegerField()

      class ProductProxy(Product):
          class Meta:
              proxy = True
      """
    let (fields, unknowns) = Self.read(
      ["shop"], ["common/__init__.py": "", "common/base.py": base, "shop/__init__.py": "", "shop/models.py": models])
    // Stamped.label for Product at the abstract class's line; Child (multi-table) and the
    // proxy add nothing; the plain mixin's attribute is no field.
    #expect(fields == ["shop.Product.label@common/base.py:4", "shop.Product.own@shop/models.py:5"])
    #expect(unknowns == [])
  }

  @Test func kwargsAndStarArgumentsAreUnknown() {
    let models = """
      from django.db import models
      OPTIONS = {"blank": True}

      class Shop(models.Model):
          a = models.CharField(**OPTIONS)
          b = models.CharField(max_length=3, **OPTIONS)
      """
    let (fields, unknowns) = Self.read(["shop"], ["shop/__init__.py": "", "shop/models.py": models])
    #expect(fields == [])
    #expect(unknowns.count == 1)
    #expect(unknowns.first?.contains("shop.Shop.a: **kwargs may set max_length") == true)
  }

  @Test func aModelsPackageIsReadThroughItsImports() {
    let files = [
      "shop/__init__.py": "",
      "shop/models/__init__.py": "from .product import *\nfrom . import order\n",
      "shop/models/product.py": "from django.db import models\n\nclass Product(models.Model):\n    name = models.CharField()\n",
      "shop/models/order.py": "from django.db import models\n\nclass Order(models.Model):\n    ref = models.CharField()\n",
      "shop/models/unused.py": "from django.db import models\n\nclass Unused(models.Model):\n    x = models.CharField()\n",
    ]
    let (fields, _) = Self.read(["shop.apps.ShopConfig"], files.merging([
      "shop/apps.py": "from django.apps import AppConfig\n\nclass ShopConfig(AppConfig):\n    name = \"shop\"\n",
    ]) { $1 })
    #expect(fields == ["shop.Order.ref@shop/models/order.py:4", "shop.Product.name@shop/models/product.py:4"])
  }

  @Test func appsOutsideTheScanAreDjangoDeclaredOrUnknown() {
    let (fields, unknowns) = Self.read(
      ["django.contrib.auth", "axes", "billing"], ["requirements.txt": "Django==4.2.16\ndjango-axes==6.5.1\n"])
    #expect(fields == [])
    #expect(unknowns.count == 1)
    #expect(unknowns.first?.contains("'billing' is neither among the scanned files nor a package the project declares") == true)
  }

  @Test func whatAStaticReadingCannotDecideIsUnknown() {
    let models = """
      from django.db import models
      from mptt.models import MPTTModel
      from encrypted_fields.fields import EncryptedCharField
      from .fields import Trimmed, Padded

      class Tree(MPTTModel):
          name = models.CharField()

      class Secret(models.Model):
          token = EncryptedCharField()
          trimmed = Trimmed()
          padded = Padded()
      """
    let fieldsModule = """
      from django.db import models

      class Trimmed(models.CharField):
          description = "trimmed"

      class Padded(models.CharField):
          def __init__(self, *args, **kwargs):
              kwargs.setdefault("max_length", 20)
              super().__init__(*args, **kwargs)
      """
    let (fields, unknowns) = Self.read(
      ["shop", "broken"],
      ["shop/__init__.py": "", "shop/models.py": models, "shop/fields.py": fieldsModule,
       "broken/__init__.py": "", "broken/models.py": "class (:\n"])
    #expect(fields == ["shop.Secret.trimmed@shop/models.py:11"])
    #expect(unknowns.count == 4)
    #expect(unknowns.contains { $0.contains("mptt.models.MPTTModel is outside the scan") })
    #expect(unknowns.contains { $0.contains("EncryptedCharField is a field class outside the scan") })
    #expect(unknowns.contains { $0.contains("overrides __init__()") })
    #expect(unknowns.contains { $0.contains("the models of app 'broken' cannot be read: broken/models.py:1") })
  }

  @Test func aBaseThatIsNotBoundOrNotDefinedIsUnknownNotAPlainClass() {
    let models = """
      from django.db import models
      from common import Missing

      class Orphan(Undefined):
          a = models.CharField()

      class Imported(Missing):
          b = models.CharField()

      class Plain(object):
          c = models.CharField()
      """
    let (fields, unknowns) = Self.read(
      ["shop"], ["common/__init__.py": "", "shop/__init__.py": "", "shop/models.py": models])
    #expect(fields == [])
    #expect(unknowns.count == 2)
    #expect(unknowns.contains { $0.contains("'Undefined' is not bound") })
    #expect(unknowns.contains { $0.contains("'Missing' is not defined in common") })
  }

  @Test func requiredDatabaseFeaturesAreRecorded() {
    let models = """
      from django.db import models

      class Base(models.Model):
          class Meta:
              abstract = True
              required_db_features = {"supports_unlimited_charfield"}

      class Shop(Base):
          name = models.CharField()
      """
    var files = ["shop/__init__.py": "", "shop/models.py": models]
    files["mysite/settings.py"] = Self.settings(["shop"])
    let (facts, _) = DjangoFixture.read(files)
    guard case .list(let items)? = facts.value("django.models.charfields_without_max_length") else {
      Issue.record("no fields listed")
      return
    }
    #expect(items.count == 1)
    #expect(items.first?["requires_unlimited_charfield"]?.value == .bool(true))
  }

  @Test func anUnknownEntryIsUnknown() {
    var files = ["shop/__init__.py": ""]
    files["mysite/settings.py"] = "import os\nINSTALLED_APPS = [os.environ.get('EXTRA_APP')]\n"
    let (facts, _) = DjangoFixture.read(files, environment: [:])
    guard case .list(let items)? = facts.value("django.models.unknowns") else {
      Issue.record("no unknowns listed")
      return
    }
    #expect(items.count == 1)
  }
}
