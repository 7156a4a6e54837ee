import ParapetFacts
import Testing

@testable import ParapetEvidence

/// `django.models.deprecated_fields`: the installed apps' model fields whose class is one Django
/// has deprecated or removed (fields.W9xx / fields.E9xx), read statically: every import form,
/// inheritance from abstract models, subclasses of the scan, and an unknown with a reason for
/// what a static reading cannot decide; `external_bases` for models deriving from other packages.
@Suite("Django deprecated field classes (fields.W9xx/E9xx facts)")
struct DjangoDeprecatedFieldsTests {
  /// `model.field=class@file:line` (with `<subclass` when through one), and the unknowns' reasons.
  static func read(_ apps: [String], _ files: [String: String]) -> (fields: [String], unknowns: [String], facts: FactTree) {
    var all = files
    all["mysite/settings.py"] = DjangoModelFieldsTests.settings(apps)
    let (facts, _) = DjangoFixture.read(all)
    var fields: [String] = []
    if case .list(let items)? = facts.value("django.models.deprecated_fields") {
      for item in items {
        let name = "\(item["model"]?.value.stringValue ?? "?").\(item["field"]?.value.stringValue ?? "?")"
        let via = item["subclass"]?.value.stringValue.map { "<\($0)" } ?? ""
        fields.append("\(name)=\(item["class"]?.value.stringValue ?? "?")\(via)@\(item.location?.file ?? "?"):\(item.location?.line ?? 0)")
      }
    }
    var unknowns: [String] = []
    if case .list(let items)? = facts.value("django.models.deprecated_field_unknowns") {
      unknowns = items.map { $0["reason"]?.value.stringValue ?? "?" }
    }
    return (fields, unknowns, facts)
  }

  @Test func everyImportFormResolvesToTheDocumentedClass() {
    let models = """
      import django.db.models
      from django.db import models
      from django.db.models import NullBooleanField as NBF
      from django.db.models.fields import IPAddressField
      from django.contrib.postgres.fields import JSONField
      from django.contrib.postgres.fields.jsonb import JSONField as PgJSON
      from django.contrib.postgres import fields as pg
      from django.contrib.gis.db import models as gis

      Legacy = models.CommaSeparatedIntegerField

      class Shop(models.Model):
          a = NBF()
          b = IPAddressField()
          c = JSONField(default=dict)
          d = PgJSON()
          e = pg.CICharField(max_length=20)
          f = gis.NullBooleanField()
          g = Legacy(max_length=10)
          h = django.db.models.NullBooleanField()
          ok1 = models.JSONField(default=dict)
          ok2 = models.BooleanField(null=True)
          ok3 = models.GenericIPAddressField()
      """
    let (fields, unknowns, _) = Self.read(["shop"], ["shop/__init__.py": "", "shop/models.py": models])
    #expect(fields == [
      "shop.Shop.a=django.db.models.NullBooleanField@shop/models.py:13",
      "shop.Shop.b=django.db.models.IPAddressField@shop/models.py:14",
      "shop.Shop.c=django.contrib.postgres.fields.JSONField@shop/models.py:15",
      "shop.Shop.d=django.contrib.postgres.fields.JSONField@shop/models.py:16",
      "shop.Shop.e=django.contrib.postgres.fields.CICharField@shop/models.py:17",
      "shop.Shop.f=django.db.models.NullBooleanField@shop/models.py:18",
      "shop.Shop.g=django.db.models.CommaSeparatedIntegerField@shop/models.py:19",
      "shop.Shop.h=django.db.models.NullBooleanField@shop/models.py:20",
    ])
    #expect(unknowns == [])
  }

  @Test func abstractFieldsCountForEachConcreteChildOnly() {
    let models = """
      from django.db import models

      class Stamped(models.Model):
          flag = models.NullBooleanField()

          class Meta:
              abstract = True

      class Product(Stamped):
          name = models.CharField(max_length=20)

      class Order(Stamped):
          pass

      class Cleared(Stamped):
          flag = None

      class Special(Product):
          extra = models.IntegerField()

      class ProductProxy(Product):
          class Meta:
              proxy = True
      """
    let migration = """
      from django.db import migrations, models

      class Migration(migrations.Migration):
          operations = [migrations.AddField("product", "old", models.NullBooleanField())]
      """
    let (fields, unknowns, _) = Self.read(
      ["shop"],
      ["shop/__init__.py": "", "shop/models.py": models, "shop/migrations/__init__.py": "",
       "shop/migrations/0002_old.py": migration])
    // Order and Product inherit the field (at the abstract class's line); Cleared removes it;
    // the multi-table child and the proxy add none; migrations are not models.
    #expect(fields == [
      "shop.Order.flag=django.db.models.NullBooleanField@shop/models.py:4",
      "shop.Product.flag=django.db.models.NullBooleanField@shop/models.py:4",
    ])
    #expect(unknowns == [])
  }

  @Test func subclassesInheritTheClassUnlessTheySetTheirOwnDetails() {
    let fieldsModule = """
      from django.contrib.postgres.fields import JSONField

      class LegacyJSON(JSONField):
          description = "legacy"

      class Wrapped(LegacyJSON):
          pass

      class Quiet(JSONField):
          system_check_deprecated_details = None
      """
    let models = """
      from django.db import models
      from .fields import LegacyJSON, Wrapped, Quiet

      class Shop(models.Model):
          a = LegacyJSON()
          b = Wrapped()
          c = Quiet()
      """
    let (fields, unknowns, _) = Self.read(
      ["shop"], ["shop/__init__.py": "", "shop/models.py": models, "shop/fields.py": fieldsModule])
    #expect(fields == [
      "shop.Shop.a=django.contrib.postgres.fields.JSONField<shop.fields.LegacyJSON@shop/models.py:5",
      "shop.Shop.b=django.contrib.postgres.fields.JSONField<shop.fields.Wrapped@shop/models.py:6",
    ])
    #expect(unknowns.count == 1)
    #expect(unknowns.first?.contains("shop.Shop.c: Quiet (shop/fields.py:10) derives from django.contrib.postgres.fields.JSONField and sets system_check_deprecated_details") == true)
  }

  @Test func whatAStaticReadingCannotDecideIsUnknown() {
    let models = """
      from django.db import models
      from mptt.models import MPTTModel
      from legacy.fields import *
      import os

      class Tree(MPTTModel):
          flag = models.NullBooleanField()

      class Shop(models.Model):
          if os.environ.get("PG"):
              data = models.IPAddressField()
          other = JSONField()
          fine = SomethingElse()
      """
    let (fields, unknowns, _) = Self.read(["shop"], ["shop/__init__.py": "", "shop/models.py": models])
    #expect(fields == [])
    #expect(unknowns.count == 3)
    #expect(unknowns.contains { $0.contains("shop.Tree.flag: shop.Tree: its base mptt.models.MPTTModel is outside the scan") })
    #expect(unknowns.contains { $0.contains("shop.Shop.data: data is assigned under a condition") })
    #expect(unknowns.contains { $0.contains("shop.Shop.other: 'JSONField' may come from 'from legacy.fields import *'") })
  }

  @Test func appsThatCannotBeReadAreUnknownForEveryList() {
    let (_, unknowns, facts) = Self.read(["billing"], [:])
    #expect(unknowns.count == 1)
    #expect(unknowns.first?.contains("'billing' is neither among the scanned files nor a package the project declares") == true)
    guard case .list(let general)? = facts.value("django.models.unknowns") else {
      Issue.record("no unknowns listed")
      return
    }
    #expect(general.count == 1)
  }

  @Test func modelsDerivingFromAnotherPackagesClassesAreListedWithWhatTheyAssign() {
    let models = """
      from django.db import models
      from waffle.models import AbstractUserFlag

      class Base(AbstractUserFlag):
          note = models.TextField()

          class Meta:
              abstract = True

      class FeatureFlag(Base):
          everyone = models.BooleanField(null=True)

      class Plain(models.Model):
          name = models.CharField(max_length=20)
      """
    let (_, _, facts) = Self.read(["shop"], ["shop/__init__.py": "", "shop/models.py": models])
    guard case .list(let items)? = facts.value("django.models.external_bases") else {
      Issue.record("no external bases listed")
      return
    }
    let listed = items.map { item -> String in
      let assigned: [String] = if case .list(let names)? = item["assigned"]?.value {
        names.compactMap { $0.value.stringValue }
      } else { [] }
      return "\(item["model"]?.value.stringValue ?? "?")<\(item["base"]?.value.stringValue ?? "?") \(assigned)@\(item.location?.line ?? 0)"
    }
    #expect(listed == [#"shop.FeatureFlag<waffle.models.AbstractUserFlag ["everyone", "note"]@10"#])
  }

  /// django-dynamic-fixture's `models.py` imports its test models only when a setting asks
  /// (`if import_models: from django_dynamic_fixture.models_test import *`): they may or may not
  /// be models, never certainly ones (onlineweb4, where Django printed none of their errors).
  @Test func modelsImportedUnderAConditionAreUnknownNotListed() {
    let (fields, unknowns, _) = Self.read(["fixture"], [
      "fixture/__init__.py": "",
      "fixture/models.py": "from django.conf import settings\nif getattr(settings, 'IMPORT_DDF_MODELS', False):\n    from fixture.models_test import *\n",
      "fixture/models_test.py": "from django.db import models\n\nclass Old(models.Model):\n    ids = models.CommaSeparatedIntegerField(max_length=20)\n",
    ])
    #expect(fields.isEmpty)
    #expect(unknowns.contains { $0.contains("fixture.models_test (imported under a condition at fixture/models.py:3)") })
  }
}
