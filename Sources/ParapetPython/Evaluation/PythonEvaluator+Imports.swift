import ParapetFacts

extension PythonEvaluator {
  /// Importing a module that is neither in the scanned files, nor Django, nor in the standard
  /// library, nor provided by a package the project declares (`declaredPackages`) succeeds only where
  /// it happens to be installed, which the evidence does not show. Under a `try` that catches
  /// `ImportError`, either path may run: the `try` merges them, as for a file Parapet cannot
  /// see. Outside such a `try` the module is taken as installed, since the settings need it.
  func noteUnseenModule(_ module: PythonModule) {
    if module.path == nil, PythonLibraries.module(module.name) == nil, resolver.locate(module.name) == nil,
      !StandardLibrary.contains(module.name), !module.name.hasPrefix("django."), module.name != "django",
      !unmodelledImports.contains(module.name)
    {
      unmodelledImports.append(module.name)
    }
    // A library Parapet models (decouple, environ, dotenv) is a package like any other: only
    // Django itself is certainly installed where Django runs.
    // A module whose import already said why it may be missing (`unseenReason`) keeps that.
    let developmentOnly = developmentDeclaration(of: module.name)
    guard module.path == nil, module.unseenReason == nil, resolver.locate(module.name) == nil, !module.name.hasPrefix("django."), module.name != "django",
      !StandardLibrary.contains(module.name), developmentOnly != nil || !mayBeInstalled(module.name),
      let guarding = activeHandlers.last(where: { entry in
        entry.handlers.contains { Self.handles($0, "ModuleNotFoundError") }
      })
    else { return }
    noteUncertain(guarding.module, raising: PythonException(type: "ModuleNotFoundError", message: "No module named '\(module.name)'", location: nil))
    if let developmentOnly {
      uncertainReasons[guarding.module] =
        "it imports \(module.name), which only development dependencies declare (\(developmentOnly)): a production "
        + "install may lack it (give the installed packages with --site-packages to decide)"
      return
    }
    uncertainReasons[guarding.module] =
      "it imports \(module.name), which is neither among the scanned files nor a package the project declares"
      + (resolver.installed == nil ? "" : " nor in the installed packages given with --site-packages")
  }

  /// The file of the development-only declaration that alone provides `moduleName`
  /// (`developmentPackages`), or nil: when another declared package may provide it, or the
  /// installed packages the user gave hold it, it is installed as far as the evidence says.
  func developmentDeclaration(of moduleName: String) -> String? {
    guard !developmentPackages.isEmpty, resolver.installedLocation(of: moduleName) == nil else { return nil }
    let others = declaredPackages.subtracting(developmentPackages.keys)
    guard !Self.isProvided(moduleName, by: others) else { return nil }
    let providers = developmentPackages.filter { Self.isProvided(moduleName, by: [$0.key]) }
    return providers.isEmpty ? nil : providers.values.sorted().first
  }

  /// Whether the top-level package of `moduleName` is installed as far as the evidence says: a
  /// declared distribution provides it (`isProvided`), or the installed packages the user gave
  /// (`--site-packages`) hold it.
  func mayBeInstalled(_ moduleName: String) -> Bool {
    Self.isProvided(moduleName, by: declaredPackages) || resolver.installedLocation(of: moduleName) != nil
  }

  /// Whether a declared distribution (PEP 503 names) plausibly provides the top-level module of
  /// `moduleName`. Distribution and import names differ (`django-cors-headers` installs
  /// `corsheaders`, `python-dotenv` installs `dotenv`), so both are compared without separators
  /// and without the `django`, `python` and `py` affixes these names commonly add. A module no
  /// declared name matches is not thereby absent (it may come with another package): it is only
  /// not known to be installed.
  package static func isProvided(_ moduleName: String, by packages: Set<String>) -> Bool {
    guard let top = moduleName.split(separator: ".").first.map(String.init), !packages.isEmpty else { return false }
    let module = forms(top)
    return packages.contains { package in
      !forms(package).isDisjoint(with: module) || (installedModules[package]?.contains(top) ?? false)
    }
  }

  /// Top-level modules of distributions (PEP 503 names, as `packages` are) whose names no rule
  /// above relates to them, read from each package's wheel: widely used by Django projects.
  static let installedModules: [String: Set<String>] = [
    "social-auth-app-django": ["social_django"], "social-auth-core": ["social_core"],
    "django-q2": ["django_q"], "gsconfig": ["geoserver"], "geoserver-restconfig": ["geoserver"], "pillow": ["PIL"], "beautifulsoup4": ["bs4"],
    "pyyaml": ["yaml"], "python-dateutil": ["dateutil"], "pyjwt": ["jwt"], "mysqlclient": ["MySQLdb"],
    "psycopg2-binary": ["psycopg2"], "pycryptodome": ["Crypto"], "pycryptodomex": ["Cryptodome"],
    "drf-jwt": ["rest_framework_jwt"], "django-oauth-toolkit": ["oauth2_provider"], "django-rest-knox": ["knox"],
    "django-two-factor-auth": ["two_factor"], "python-memcached": ["memcache"], "python3-openid": ["openid"],
    "google-api-python-client": ["googleapiclient"], "scikit-learn": ["sklearn"], "opencv-python": ["cv2"],
    "opencv-python-headless": ["cv2"], "attrs": ["attr", "attrs"], "protobuf": ["google"],
    "drf-nested-routers": ["rest_framework_nested"], "django-recaptcha": ["captcha", "django_recaptcha"],
    "django-simple-captcha": ["captcha"], "sorl-thumbnail": ["sorl"],
    "django-autocomplete-light": [
      "dal", "dal_alight", "dal_contenttypes", "dal_genericm2m", "dal_genericm2m_queryset_sequence", "dal_gm2m",
      "dal_gm2m_queryset_sequence", "dal_legacy_static", "dal_queryset_sequence", "dal_select2",
      "dal_select2_queryset_sequence", "dal_select2_tagging", "dal_select2_taggit",
    ],
    "django-contrib-comments": ["django_comments"], "edx-drf-extensions": ["csrf", "edx_rest_framework_extensions"],
    "taxonomy-connector": ["taxonomy"],
  ]

  /// A name without separators, in lower case, and with a leading `django`, `python` or `py` or
  /// a trailing `django` taken off (each form non-empty), each also without a final `s`
  /// (`django-filter` installs `django_filters`). Open edX's distributions put `edx` first
  /// (`edx-django-release-util` installs `release_util`): it comes off before the others.
  private static func forms(_ name: String) -> Set<String> {
    let plain = String(name.lowercased().filter { $0.isLetter || $0.isNumber })
    var forms: Set<String> = [plain]
    var bases = [plain]
    if plain.hasPrefix("edx") && plain.count > 3 { bases.append(String(plain.dropFirst(3))) }
    for base in bases {
      forms.insert(base)
      for prefix in ["django", "python", "py"] where base.hasPrefix(prefix) && base.count > prefix.count {
        forms.insert(String(base.dropFirst(prefix.count)))
      }
    }
    if plain.hasSuffix("django") && plain.count > 6 { forms.insert(String(plain.dropLast(6))) }
    for form in forms where form.count > 3 && form.hasSuffix("s") { forms.insert(String(form.dropLast())) }
    return forms
  }
}

extension PythonEvaluator {
  /// Importing a top-level module that the scanned tree holds in `folder`, a folder not on the
  /// `sys.path` Parapet sees for Django (socorro's settings import `webapp.…` from the checkout
  /// root, which only its Dockerfile's `PYTHONPATH` puts on the path). Python raises
  /// ModuleNotFoundError unless the project is installed where Django runs (`pip install -e .`
  /// in a virtualenv, as Label Studio's developers do), which the evidence need not show: a
  /// possible load error, whose reason says how to decide. A `try` that catches it may take
  /// either path.
  // Kept out of line: importModule recurses once per nested import, and its frame must stay small.
  @inline(never)
  func offPathImport(_ name: String, at location: SourceLocation?) {
    guard let folder = resolver.offPath(name) else { return }
    let place = folder.isEmpty ? "the scanned folder" : folder
    let working = resolver.workingRoot.isEmpty ? "the scanned folder" : resolver.workingRoot
    let relative = PythonModuleResolver.relativePath(from: resolver.workingRoot, to: folder)
    let message = "No module named '\(name)' unless the project is installed where Django runs: the scanned tree has "
      + "it in \(place), which is not on the sys.path Parapet sees (manage.py's folder \(working), PYTHONPATH, the "
      + "project's install by a Dockerfile); if Django runs with it on the path, say so with --env PYTHONPATH=\(relative)"
    let error = PythonException(type: "ModuleNotFoundError", message: message, location: location)
    if let guarding = activeHandlers.last(where: { entry in entry.handlers.contains { Self.handles($0, "ModuleNotFoundError") } }) {
      noteUncertain(guarding.module, raising: error)
      uncertainReasons[guarding.module] = "it imports \(name), which is not on sys.path where Django runs unless PYTHONPATH names \(place)"
    } else if !possibleLoadErrors.contains(where: { $0.message == message }) {
      possibleLoadErrors.append(error)
    }
  }
}
