import Foundation

/// The process locale, made UTF-8 for character handling whatever the PC is set to.
public enum TerminalLocale {
  /// Applies the user's locale, then, if its character set is not UTF-8 (a `C` or broken locale is
  /// common on shared PCs), switches character handling to a UTF-8 locale so Chinese and Uyghur
  /// input edit correctly. Messages still follow `LANG`.
  public static func setUp() {
    // Only what Bazaar uses from the C library's locale: character handling (readline, widths)
    // and the system's error texts. Loading every category costs start-up time, and numbers are
    // formatted by Bazaar itself, never with a comma because of LC_NUMERIC.
    setlocale(LC_CTYPE, "")
    setlocale(LC_MESSAGES, "")
    guard !isUTF8() else { return }
    for name in ["C.UTF-8", "C.utf8", "en_US.UTF-8"] where setlocale(LC_CTYPE, name) != nil {
      guard isUTF8() else { continue }
      // GNU readline reads the locale from the environment (LC_ALL, LC_CTYPE, LANG) when it
      // starts, so the environment must say UTF-8 too. `C.UTF-8` still means "C" for messages.
      setenv("LC_CTYPE", name, 1)
      if let all = getenv("LC_ALL"), all.pointee != 0 { setenv("LC_ALL", name, 1) }
      break
    }
  }

  /// Whether the current character set is UTF-8.
  public static func isUTF8() -> Bool {
    guard let codeset = nl_langinfo(nl_item(CODESET)) else { return false }
    let name = String(cString: codeset).uppercased()
    return name == "UTF-8" || name == "UTF8"
  }
}
