import Foundation

/// A regular expression compiled once at load time and shared read-only across threads.
public final class CompiledRegex: @unchecked Sendable {
  /// The pattern as the author wrote it.
  public let pattern: String
  private let regex: NSRegularExpression

  private init(pattern: String, regex: NSRegularExpression) {
    self.pattern = pattern
    self.regex = regex
  }

  /// Why a pattern does not compile.
  public struct Problem: Error, Sendable { public let message: String }

  /// Compiles `pattern` (ICU syntax); case-insensitive unless asked otherwise.
  public static func compile(_ pattern: String, caseSensitive: Bool) -> Result<CompiledRegex, Problem> {
    guard pattern.count <= 1000 else { return .failure(Problem(message: "patterns are limited to 1000 characters")) }
    do {
      let options: NSRegularExpression.Options = caseSensitive ? [] : [.caseInsensitive]
      return .success(CompiledRegex(pattern: pattern, regex: try NSRegularExpression(pattern: pattern, options: options)))
    } catch {
      return .failure(Problem(message: "check brackets, parentheses and backslashes"))
    }
  }

  /// Whether the pattern matches anywhere in `text` (anchor it with `^…$` to match the whole answer).
  public func matches(_ text: String) -> Bool {
    // Long hostile input could make a backtracking pattern slow; answers are short.
    let subject = text.count > 2000 ? String(text.prefix(2000)) : text
    let range = NSRange(subject.startIndex..<subject.endIndex, in: subject)
    return regex.firstMatch(in: subject, options: [], range: range) != nil
  }
}
