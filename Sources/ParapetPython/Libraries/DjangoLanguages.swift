import ParapetFacts

/// Django's default `LANGUAGES` (`django.conf.global_settings`), newest release first, each
/// language with the release that added it when that is later than 2.0 (read from each
/// release's `global_settings.py`, 2.0 to 6.1; none was removed, the order never changed).
/// `DjangoGlobalSettings` builds the setting's default and its earlier values from it.
enum DjangoLanguages {
  struct Language {
    var code: String
    var name: String
    var since: String

    init(_ code: String, _ name: String, _ since: String = "2.0") {
      self.code = code
      self.name = name
      self.since = since
    }
  }

  static let all: [Language] = [
    Language("af", "Afrikaans"),
    Language("ar", "Arabic"),
    Language("ar-dz", "Algerian Arabic", "3.1"),
    Language("ast", "Asturian"),
    Language("az", "Azerbaijani"),
    Language("bg", "Bulgarian"),
    Language("be", "Belarusian"),
    Language("bn", "Bengali"),
    Language("br", "Breton"),
    Language("bs", "Bosnian"),
    Language("ca", "Catalan"),
    Language("ckb", "Central Kurdish (Sorani)", "4.2"),
    Language("cs", "Czech"),
    Language("cy", "Welsh"),
    Language("da", "Danish"),
    Language("de", "German"),
    Language("dsb", "Lower Sorbian"),
    Language("el", "Greek"),
    Language("en", "English"),
    Language("en-au", "Australian English"),
    Language("en-gb", "British English"),
    Language("eo", "Esperanto"),
    Language("es", "Spanish"),
    Language("es-ar", "Argentinian Spanish"),
    Language("es-co", "Colombian Spanish"),
    Language("es-mx", "Mexican Spanish"),
    Language("es-ni", "Nicaraguan Spanish"),
    Language("es-ve", "Venezuelan Spanish"),
    Language("et", "Estonian"),
    Language("eu", "Basque"),
    Language("fa", "Persian"),
    Language("fi", "Finnish"),
    Language("fr", "French"),
    Language("fy", "Frisian"),
    Language("ga", "Irish"),
    Language("gd", "Scottish Gaelic"),
    Language("gl", "Galician"),
    Language("he", "Hebrew"),
    Language("hi", "Hindi"),
    Language("hr", "Croatian"),
    Language("hsb", "Upper Sorbian"),
    Language("ht", "Haitian Creole", "6.0"),
    Language("hu", "Hungarian"),
    Language("hy", "Armenian", "2.2"),
    Language("ia", "Interlingua"),
    Language("id", "Indonesian"),
    Language("ig", "Igbo", "3.1"),
    Language("io", "Ido"),
    Language("is", "Icelandic"),
    Language("it", "Italian"),
    Language("ja", "Japanese"),
    Language("ka", "Georgian"),
    Language("kab", "Kabyle"),
    Language("kk", "Kazakh"),
    Language("km", "Khmer"),
    Language("kn", "Kannada"),
    Language("ko", "Korean"),
    Language("ky", "Kyrgyz", "3.1"),
    Language("lb", "Luxembourgish"),
    Language("lt", "Lithuanian"),
    Language("lv", "Latvian"),
    Language("mk", "Macedonian"),
    Language("ml", "Malayalam"),
    Language("mn", "Mongolian"),
    Language("mr", "Marathi"),
    Language("ms", "Malay", "4.0"),
    Language("my", "Burmese"),
    Language("nb", "Norwegian Bokmål"),
    Language("ne", "Nepali"),
    Language("nl", "Dutch"),
    Language("nn", "Norwegian Nynorsk"),
    Language("os", "Ossetic"),
    Language("pa", "Punjabi"),
    Language("pl", "Polish"),
    Language("pt", "Portuguese"),
    Language("pt-br", "Brazilian Portuguese"),
    Language("ro", "Romanian"),
    Language("ru", "Russian"),
    Language("sk", "Slovak"),
    Language("sl", "Slovenian"),
    Language("sq", "Albanian"),
    Language("sr", "Serbian"),
    Language("sr-latn", "Serbian Latin"),
    Language("sv", "Swedish"),
    Language("sw", "Swahili"),
    Language("ta", "Tamil"),
    Language("te", "Telugu"),
    Language("tg", "Tajik", "3.1"),
    Language("th", "Thai"),
    Language("tk", "Turkmen", "3.1"),
    Language("tr", "Turkish"),
    Language("tt", "Tatar"),
    Language("udm", "Udmurt"),
    Language("ug", "Uyghur", "5.0"),
    Language("uk", "Ukrainian"),
    Language("ur", "Urdu"),
    Language("uz", "Uzbek", "3.0"),
    Language("vi", "Vietnamese"),
    Language("zh-hans", "Simplified Chinese"),
    Language("zh-hant", "Traditional Chinese"),
  ]

  /// The list in releases older than each release that added a language, oldest first.
  static func earlier() -> [(before: String, value: JSONValue)] {
    let releases = Set(all.map(\.since)).subtracting(["2.0"]).sorted { DjangoGlobalSettings.isOlder($0, than: $1) }
    return releases.map { release in
      (release, list(all.filter { DjangoGlobalSettings.isOlder($0.since, than: release) }))
    }
  }

  static func list(_ languages: [Language]) -> JSONValue {
    .array(languages.map { .array([.string($0.code), .string($0.name)]) })
  }
}
