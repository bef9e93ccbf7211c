/// The languages one session speaks, held in one place: the course text's (``course``) and
/// Bazaar's own words' (``messages``: prompts, notices, grade notes).
///
/// A ``LessonSession`` owns it and changes it with `:lang`; the runner hands it to the view with
/// every output and the recorder reads it from the session, so a switch reaches everything at once.
/// `--ui-lang` (or the locale) fixes Bazaar's words apart from the course text's until the learner
/// chooses a language with `:lang`; from then on both follow the choice.
public struct SessionLanguage: Sendable, Equatable {
  /// The language course text is shown in: one the course offers.
  public private(set) var course: String
  /// Bazaar's own language when it differs from the course text's (`--ui-lang`, the locale); nil
  /// follows ``course``.
  public private(set) var interface: String?

  /// Course text in `course`; Bazaar's words in `interface` when that is another language.
  public init(course: String, interface: String? = nil) {
    self.course = course
    self.interface = interface.flatMap {
      MessageCatalog.baseLanguage($0) == MessageCatalog.baseLanguage(course) ? nil : $0
    }
  }

  /// The language of Bazaar's own words: the interface language, else the course text's.
  public var messages: String { interface ?? course }

  /// How a session of `course` starts for someone whose interface language is `interface` (nil: not
  /// fixed, as under the C locale): course text in the course language that matches the interface
  /// language, else in the course's first; Bazaar's words in the interface language.
  public static func starting(course: Course, interface: String?) -> SessionLanguage {
    let text = interface.flatMap { ui in
      course.languages.first { MessageCatalog.baseLanguage($0) == MessageCatalog.baseLanguage(ui) }
    }
    return SessionLanguage(course: text ?? course.languages.first ?? "en", interface: interface)
  }

  /// `:lang code`: course text and, from now on, Bazaar's words too are in `code`.
  public mutating func choose(_ code: String) {
    course = code
    interface = nil
  }
}
