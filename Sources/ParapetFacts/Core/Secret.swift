import Crypto
import Foundation

/// What Parapet keeps of a secret value: measurements and a short fingerprint, never the text.
///
/// The measurements are what a judgement of strength needs (length, distinct characters,
/// Django's `django-insecure-` marker); the judgement itself belongs to the packs (owasp-django's
/// `lib/django.lua`, `key_is_strong`), so one rule, with its per-version differences, decides.
///
/// The fingerprint is the first 12 hex digits of SHA-256 over the value, enough to tell two
/// secrets apart (or see the same one reused) without revealing either.
public struct Secret: Hashable, Sendable {
  /// Length in Unicode code points, as Python's len() counts.
  public var length: Int
  /// Number of distinct code points (Django's SECRET_KEY check uses it).
  public var distinctCharacters: Int
  /// First 12 hex digits of SHA-256 over the UTF-8 bytes.
  public var fingerprint: String
  /// Django's `django-insecure-` marker (what startproject writes), which Django treats as weak.
  public var insecurePrefix: Bool
  /// True when the text is empty.
  public var isEmpty: Bool { length == 0 }

  public init(_ text: String) {
    length = text.unicodeScalars.count
    distinctCharacters = Set(text.unicodeScalars).count
    let digest = SHA256.hash(data: Data(text.utf8))
    fingerprint = digest.prefix(6).map { String(format: "%02x", $0) }.joined()
    insecurePrefix = text.hasPrefix("django-insecure-")
  }
}
