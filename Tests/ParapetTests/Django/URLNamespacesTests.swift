import Foundation
import ParapetFacts
import Testing

@testable import ParapetEvidence

/// The namespaces Django's urls.W005 check collects, read from the URLconfs (Django 5.2's
/// `check_url_namespaces_unique` and `include()`): Zeste de Savoir includes two URLconfs with
/// the app name `''`, which is a namespace, twice.
@Suite("URL namespaces under ROOT_URLCONF")
struct URLNamespacesTests {
  static func read(_ urls: String, extra: [String: String] = [:], debug: Bool = false) -> FactTree {
    var files = [
      "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\n",
      "mysite/__init__.py": "",
      "mysite/settings.py": "SECRET_KEY = 'k' * 50\nDEBUG = \(debug ? "True" : "False")\nROOT_URLCONF = 'mysite.urls'\n",
      "mysite/urls.py": urls,
      "mysite/members.py": "from django.urls import path\nurlpatterns = []\n",
      "mysite/api.py": "from django.urls import include, path\napp_name = 'api'\nurlpatterns = [path('v1/', include(('mysite.members', 'v1')))]\n",
    ]
    files.merge(extra) { $1 }
    return DjangoFixture.read(files).facts
  }

  static func names(_ facts: FactTree) -> [String] {
    guard case .list(let items)? = facts.value("django.url_namespaces.namespaces") else { return [] }
    return items.compactMap { item in
      guard case .map(let entry) = item.value else { return nil }
      return entry["name"]?.value.stringValue
    }
  }

  @Test func anEmptyAppNameIsANamespaceAndNestingJoinsThem() {
    let facts = Self.read("""
      from django.contrib import admin
      from django.urls import include, path
      urlpatterns = [
          path("", include(("mysite.members", ""))),
          path("m/", include(("mysite.members", ""))),
          path("admin/", admin.site.urls),
          path("api/", include("mysite.api", namespace="public")),
      ]
      """)
    #expect(Self.names(facts) == ["", "", "admin", "public", "public:v1"])
    #expect(facts.lookup("django.url_namespaces.unknown") == nil)
  }

  @Test func aConditionOnAKnownSettingIsFollowed() {
    let urls = """
      from django.conf import settings
      from django.urls import include, path
      urlpatterns = [path("a/", include(("mysite.members", "members")))]
      if settings.DEBUG:
          urlpatterns += [path("b/", include(("mysite.members", "members")))]
      """
    #expect(Self.names(Self.read(urls)) == ["members"])
    #expect(Self.names(Self.read(urls, debug: true)) == ["members", "members"])
  }

  @Test func urlpatternsFromAStarImportLeaveTheWalkIncomplete() {
    let facts = Self.read("from mysite.members import *\n")
    #expect(facts.value("django.url_namespaces.unknown")?.stringValue?.contains("assigns no urlpatterns") == true)
  }

  @Test func aURLconfOutsideTheScanLeavesTheWalkIncomplete() {
    let facts = Self.read("""
      from django.urls import include, path
      urlpatterns = [path("social/", include("social_django.urls"))]
      """)
    #expect(facts.value("django.url_namespaces.unknown")?.stringValue?.contains("social_django.urls") == true)
  }

  @Test func djangosOwnURLconfsRegisterNoNamespace() {
    let facts = Self.read("""
      from django.urls import include, path
      urlpatterns = [
          path("i18n/", include("django.conf.urls.i18n")),
          path("accounts/", include("django.contrib.auth.urls")),
          path("m/", include(("mysite.members", "members"))),
      ]
      """)
    #expect(Self.names(facts) == ["members"])
    #expect(facts.lookup("django.url_namespaces.unknown") == nil)
  }

  /// `include(arg, namespace=None)`: a second positional argument is the instance namespace
  /// (Nautobot includes its users URLconf, whose app_name is `user`, once plain and once as
  /// `include("nautobot.users.urls", "users")`: Django printed no urls.W005).
  @Test func theSecondPositionalArgumentOfIncludeIsTheNamespace() {
    let facts = Self.read("""
      from django.urls import include, path
      urlpatterns = [
          path("api/", include("mysite.api")),
          path("api2/", include("mysite.api", "api2")),
      ]
      """)
    #expect(Self.names(facts) == ["api", "api:v1", "api2", "api2:v1"])
  }
}
