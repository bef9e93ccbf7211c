import ArgumentParser
import BazaarKit
import Foundation

/// Options every learner-facing command shares.
struct CommonOptions: ParsableArguments {
  @Option(name: .customLong("courses"), help: "A folder of course files (default: courses/ of Bazaar and of the current folder).")
  var courseFolders: [String] = []

  @Option(name: .customLong("data-dir"), help: "Where progress and transcripts are kept (default: $BAZAAR_HOME, else $XDG_DATA_HOME/bazaar, else ~/.local/share/bazaar).")
  var dataDir: String?

  @Option(name: .customLong("ui-lang"), help: "Language of Bazaar's own messages: zh or en (default: from LANG, else the course's).")
  var uiLanguage: String?

  /// The folders to look for courses in.
  var folders: [String] { CourseCatalog.defaultFolders(extra: courseFolders) }

  /// The data folder, or a usage error naming what to do.
  func dataFolder() throws -> DataFolder {
    do { return try DataFolder.resolve(option: dataDir) } catch { throw failure(error.description) }
  }

  /// Bazaar's interface language: `--ui-lang`, else the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`);
  /// nil under the C/POSIX locale, where Bazaar follows the course's language instead.
  var interfaceLanguage: String? {
    if let uiLanguage { return MessageCatalog.baseLanguage(uiLanguage) }
    let env = ProcessInfo.processInfo.environment
    guard let value = ["LC_ALL", "LC_MESSAGES", "LANG"].lazy.compactMap({ env[$0] }).first(where: { !$0.isEmpty }) else {
      return nil
    }
    let upper = value.uppercased()
    if upper == "C" || upper.hasPrefix("C.") || upper == "POSIX" { return nil }
    return MessageCatalog.baseLanguage(value)
  }

  /// Extra message catalogues: `messages/` of Bazaar and of the data folder.
  var messageFolders: [String] {
    var folders: [String] = []
    if let root = PackageLocator.packageRoot() { folders.append(root + "/messages") }
    if let data = try? DataFolder.resolve(option: dataDir) { folders.append(data.path + "/messages") }
    return folders
  }
}

/// Prints `message` to standard error and exits with status 2 (usage or I/O problem).
func failure(_ message: String) -> ExitCode {
  FileHandle.standardError.write(Data(("bazaar: " + message + "\n").utf8))
  return ExitCode(2)
}
