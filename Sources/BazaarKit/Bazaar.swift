/// Facts about this build of Bazaar.
public enum Bazaar {
  /// The version printed by `bazaar --version` and written into transcripts.
  public static let version = "0.1.0"
}
