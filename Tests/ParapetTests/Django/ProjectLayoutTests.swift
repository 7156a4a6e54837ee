import Testing

@testable import ParapetEvidence

/// Where an installed project's packages are (PythonProjectLayout), and how a Dockerfile's
/// `make install` and `pip wheel` install the project (DjangoInstalledProject, MakefileRecipes).
/// The layouts follow setuptools 80: `package_dir={"": "src"}` and `find_packages("src")` put
/// the packages of `src/` on the path; `packages=find_packages()` installs those at the
/// project's root.
@Suite("Python project layouts")
struct ProjectLayoutTests {
  @Test func aSetupScriptsPackageDirAndFinderNameTheSourceFolder() {
    let bundle = DjangoFixture.bundle([
      "setup.py": "from setuptools import setup, find_packages\nsetup(\n    name='shop',\n    package_dir={'': 'src'},\n    packages=find_packages('src'),\n)\n"
    ])
    #expect(PythonProjectLayout.packageFolders(bundle: bundle, folder: "") == ["src"])
    let finder = DjangoFixture.bundle([
      "api/setup.py": "from setuptools import setup, find_namespace_packages\nsetup(packages=find_namespace_packages(where='lib'))\n"
    ])
    #expect(PythonProjectLayout.packageFolders(bundle: finder, folder: "api") == ["api/lib"])
  }

  @Test func aSetupConfigurationNamesTheSourceFolder() {
    let bundle = DjangoFixture.bundle([
      "setup.cfg": "[metadata]\nname = shop\n\n[options]\npackage_dir =\n    =src\npackages = find:\n\n[options.packages.find]\nwhere = src\n"
    ])
    #expect(PythonProjectLayout.packageFolders(bundle: bundle, folder: "") == ["src"])
  }

  @Test func aFlatLayoutInstallsThePackagesOfTheProjectFolder() {
    let bundle = DjangoFixture.bundle([
      "api/setup.py": "from setuptools import setup, find_packages\nsetup(name='api', packages=find_packages(exclude=['*tests*']))\n"
    ])
    #expect(PythonProjectLayout.packageFolders(bundle: bundle, folder: "api") == ["api"])
    // A declaration that says nothing of its packages names no folder.
    let silent = DjangoFixture.bundle(["api/pyproject.toml": "[tool.isort]\nprofile = 'black'\n"])
    #expect(PythonProjectLayout.packageFolders(bundle: silent, folder: "api").isEmpty)
  }

  /// django-oscar's image: `COPY . /app`, `WORKDIR /app`, `RUN make install`, whose recipe runs
  /// `pip install -e .[test]` after its `assets` prerequisite.
  @Test func aMakeTargetOfTheImageInstallsWhatItsRecipeInstalls() {
    let files = [
      "Dockerfile": "FROM python:3.12\nCOPY . /app\nWORKDIR /app\nRUN make install\n",
      "Makefile": "install: assets ## Install\n\tpip install -e .[test] --upgrade\n\nassets:\n\tnpm ci\n",
      "setup.py": "from setuptools import setup, find_packages\nsetup(package_dir={'': 'src'}, packages=find_packages('src'))\n",
      "pyproject.toml": "[build-system]\nrequires = ['setuptools']\n",
    ]
    let installed = DjangoInstalledProject.folders(bundle: DjangoFixture.bundle(files), working: "sandbox")
    #expect(installed.map(\.folder) == ["src"])
    #expect(installed.first?.location.description == "Dockerfile:4")
  }

  @Test func recipesRunPrerequisitesFirstAndFollowSubMakes() {
    let makefile = """
      .PHONY: install
      install: deps
      \t@pip install -e .
      \t$(MAKE) migrate
      deps:
      \t-pip install -r requirements.txt
      migrate:
      \tpython manage.py migrate
      """
    #expect(MakefileRecipes.commands(of: ["make", "install"], makefile: makefile) == [
      ["pip", "install", "-r", "requirements.txt"], ["pip", "install", "-e", "."], ["python", "manage.py", "migrate"],
    ])
    // The first target is the default goal; another folder's Makefile is not this one.
    #expect(MakefileRecipes.commands(of: ["make"], makefile: makefile)?.first == ["pip", "install", "-r", "requirements.txt"])
    #expect(MakefileRecipes.commands(of: ["make", "-C", "docs", "install"], makefile: makefile) == [])
    #expect(MakefileRecipes.commands(of: ["pip", "install", "."], makefile: makefile) == nil)
  }

  /// libretime's image builds a wheel of its shared package in one stage and installs it in the
  /// next: the package's folder is where its modules come from.
  @Test func aWheelBuiltFromACopiedProjectIsAnInstall() {
    #expect(DjangoInstalledProject.installedPaths(["pip", "wheel", "--wheel-dir", ".", "--no-deps", "."]) == ["."])
    let files = [
      "Dockerfile": "FROM python:3.10 AS builder\nWORKDIR /build/shared\nCOPY shared .\nRUN pip wheel --wheel-dir . --no-deps .\n",
      "shared/setup.py": "from setuptools import setup, find_packages\nsetup(packages=find_packages())\n",
    ]
    #expect(DjangoInstalledProject.folders(bundle: DjangoFixture.bundle(files), working: "api").map(\.folder) == ["shared"])
  }
}
