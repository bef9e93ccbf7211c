import Foundation
import Synchronization

/// A regular expression from a course file, shared read-only across threads.
///
/// Compiling one loads ICU, which costs a learner's session several megabytes of memory and a
/// few milliseconds at start; so learner commands may defer compilation to the first answer the
/// pattern grades (`deferCompilation`), while lint compiles at load to report bad patterns.
public final class CompiledRegex: @unchecked Sendable {
  /// The pattern as the author wrote it.
  public let pattern: String
  private let caseSensitive: Bool
  private let lock = NSLock()
  private var regex: NSRegularExpression?
  private var failed = false

  /// When true, `compile` checks only the length and compiles on first use.
  public static let deferCompilation = Atomic<Bool>(false)

  private init(pattern: String, caseSensitive: Bool, regex: NSRegularExpression?) {
    self.pattern = pattern
    self.caseSensitive = caseSensitive
    self.regex = regex
  }

  /// Why a pattern does not compile.
  public struct Problem: Error, Sendable { public let message: String }

  private static func make(_ pattern: String, caseSensitive: Bool) -> NSRegularExpression? {
    let options: NSRegularExpression.Options = caseSensitive ? [] : [.caseInsensitive]
    return try? NSRegularExpression(pattern: pattern, options: options)
  }

  /// Compiles `pattern` (ICU syntax); case-insensitive unless asked otherwise.
  public static func compile(_ pattern: String, caseSensitive: Bool) -> Result<CompiledRegex, Problem> {
    guard pattern.count <= 1000 else { return .failure(Problem(message: "patterns are limited to 1000 characters")) }
    if deferCompilation.load(ordering: .relaxed) {
      return .success(CompiledRegex(pattern: pattern, caseSensitive: caseSensitive, regex: nil))
    }
    guard let regex = make(pattern, caseSensitive: caseSensitive) else {
      return .failure(Problem(message: "check brackets, parentheses and backslashes"))
    }
    return .success(CompiledRegex(pattern: pattern, caseSensitive: caseSensitive, regex: regex))
  }

  /// Whether the pattern matches anywhere in `text` (anchor it with `^…$` to match the whole answer).
  /// A pattern that does not compile matches nothing.
  public func matches(_ text: String) -> Bool {
    let compiled: NSRegularExpression? = lock.withLock {
      if regex == nil && !failed {
        regex = Self.make(pattern, caseSensitive: caseSensitive)
        failed = regex == nil
      }
      return regex
    }
    guard let compiled else { return false }
    // Long hostile input could make a backtracking pattern slow; answers are short.
    let subject = text.count > 2000 ? String(text.prefix(2000)) : text
    let range = NSRange(subject.startIndex..<subject.endIndex, in: subject)
    return compiled.firstMatch(in: subject, options: [], range: range) != nil
  }
}
