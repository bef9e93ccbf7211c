/// A grade's notes as a lesson session hands them to its view: data, not text. The view renders
/// them with its own message catalogue — the one that includes a translator's `messages/LANG.yaml`
/// — so Bazaar's words in a grade note speak the interface language; course text inside a note
/// (author feedback, concept names, a rule's reason) is read in ``language``, then ``fallback``.
public struct GradeNotes: Sendable, Equatable {
  /// The notes, in the grader's order.
  public var notes: [GradeNote]
  /// The course language the notes' course text is read in.
  public var language: String
  /// The course's other languages, in order, for text missing in ``language``.
  public var fallback: [String]

  /// Notes whose course text is read in `language`, then `fallback`.
  public init(_ notes: [GradeNote], language: String, fallback: [String] = []) {
    self.notes = notes
    self.language = language
    self.fallback = fallback
  }

  /// The same notes without those `isIncluded` rejects.
  public func filter(_ isIncluded: (GradeNote) -> Bool) -> GradeNotes {
    GradeNotes(notes.filter(isIncluded), language: language, fallback: fallback)
  }

  /// One line per note, Bazaar's words from `messages`; notes that say nothing (feedback the author
  /// left empty) are left out.
  public func render(with messages: MessageCatalog) -> [String] {
    notes.map { $0.render(with: messages, language: language, fallback: fallback) }.filter { !$0.isEmpty }
  }
}
