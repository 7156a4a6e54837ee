import ParapetFacts
import Testing

@testable import ParapetEvidence

/// `django.models.auto_primary_keys` and each app's `default_auto_field`: what Django's
/// models.W042 reads, statically. The expectations were checked against Django 4.2's own
/// `check` on the same files (proxies of auto-keyed models are named, multi-table children and
/// swapped-out models are not).
@Suite("Django default primary keys (models.W042 facts)")
struct DjangoDefaultPrimaryKeysTests {
  static func read(_ apps: [String], _ files: [String: String]) -> (models: [String], unknowns: [String], configs: [String: String]) {
    var all = files
    all["mysite/settings.py"] = DjangoModelFieldsTests.settings(apps)
    let (facts, _) = DjangoFixture.read(all)
    var models: [String] = []
    if case .list(let items)? = facts.value("django.models.auto_primary_keys") {
      models = items.map { "\($0["model"]?.value.stringValue ?? "?")@\($0.location?.line ?? 0)" }
    }
    var unknowns: [String] = []
    if case .list(let items)? = facts.value("django.models.primary_key_unknowns") {
      unknowns = items.map { $0["reason"]?.value.stringValue ?? "?" }
    }
    var configs: [String: String] = [:]
    if case .list(let items)? = facts.value("django.models.apps") {
      for app in items {
        guard let entry = app["entry"]?.value.stringValue, let sets = app["default_auto_field"] else { continue }
        var text: String
        switch sets.value {
        case .bool(let flag): text = flag ? "set" : "unset"
        default: text = "unknown"
        }
        if let legacy = app["default_auto_field_before_4_1"], case .bool(let flag) = legacy.value {
          text += flag ? ", before 4.1 set" : ", before 4.1 unset"
        }
        configs[entry] = text
      }
    }
    return (models, unknowns, configs)
  }

  @Test func namesTheModelsDjangoWarnsAbout() {
    let models = """
      from django.db import models
      from django.contrib.auth.models import User, AbstractUser

      class Base(models.Model):
          name = models.CharField(max_length=3)

      class Child(Base):
          extra = models.IntegerField()

      class Prox(Base):
          class Meta:
              proxy = True

      class ProxUser(User):
          class Meta:
              proxy = True

      class Unmanaged(models.Model):
          class Meta:
              managed = False

      class Explicit(models.Model):
          code = models.CharField(max_length=3, primary_key=True)

      class Keyed(models.Model):
          uid = models.UUIDField(primary_key=True)

          class Meta:
              abstract = True

      class FromKeyed(Keyed):
          pass

      class Dropped(Keyed):
          uid = None
      """
    let (found, unknowns, configs) = Self.read(["shop"], ["shop/__init__.py": "", "shop/models.py": models])
    #expect(found == ["shop.Base@4", "shop.Dropped@34", "shop.Prox@10", "shop.ProxUser@14", "shop.Unmanaged@18"])
    #expect(unknowns.isEmpty)
    #expect(configs["shop"] == "unset")
  }

  @Test func theAppConfigIsPickedAsDjangoPicksIt() {
    let apps = """
      from django.apps import AppConfig

      class First(AppConfig):
          name = "shop"

      class Second(AppConfig):
          name = "shop"
          default = True
          default_auto_field = "django.db.models.BigAutoField"
      """
    let legacy = """
      from django.apps import AppConfig

      class Legacy(AppConfig):
          name = "blog"
          default_auto_field = "django.db.models.AutoField"

      class Plain(AppConfig):
          name = "blog"
      """
    let (_, _, configs) = Self.read(["shop", "blog", "shop.apps.First"], [
      "shop/__init__.py": "", "shop/apps.py": apps, "shop/models.py": "",
      "blog/__init__.py": "default_app_config = 'blog.apps.Legacy'\n", "blog/apps.py": legacy, "blog/models.py": "",
    ])
    #expect(configs["shop"] == "set")
    #expect(configs["shop.apps.First"] == "unset")
    // Two candidates, none marked default: Django's own AppConfig from 4.1, the named one before.
    #expect(configs["blog"] == "unset, before 4.1 set")
  }

  @Test func whatCannotBeReadIsUnknown() {
    let models = """
      from django.db import models
      from model_utils.models import UUIDModel

      class Item(UUIDModel):
          pass

      class Special(models.Model):
          id = SpecialKey()
      """
    let (found, unknowns, _) = Self.read(["shop"], ["shop/__init__.py": "", "shop/models.py": models])
    #expect(found.isEmpty)
    #expect(unknowns.count == 2)
    #expect(unknowns.first?.contains("model_utils.models.UUIDModel") == true)
  }
}
