import Foundation

/// Values built once per key and kept, safe to share between threads: the matchers and analyzers
/// a grader would otherwise rebuild for every answer it reads. `make` runs outside the lock (it
/// may take other locks); two threads asking at once may both build, and one result is kept.
final class Memo<Value: Sendable>: @unchecked Sendable {
  private let lock = NSLock()
  private var values: [String: Value] = [:]

  func value(for key: String, _ make: () -> Value) -> Value {
    if let kept = lock.withLock({ values[key] }) { return kept }
    let made = make()
    lock.withLock { values[key] = made }
    return made
  }
}
