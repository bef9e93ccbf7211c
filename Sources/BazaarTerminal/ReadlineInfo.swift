import CReadline

/// What the linked GNU readline says about itself.
public enum ReadlineInfo {
  /// The library version string, e.g. "8.2".
  public static var version: String { String(cString: crl_version()) }
}
