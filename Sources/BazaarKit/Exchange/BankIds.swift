/// Stable ids for imported questions and lessons: the source's own id or title when it can be one,
/// else a hash of the question's text, so that importing the same bank again gives the same ids (a
/// learner's progress keeps pointing at the same questions) and an edited question keeps its id as
/// long as its source title does.
public enum BankIds {
  /// `title` as an id when it already is one, or can be made one by lowercasing and turning spaces
  /// and punctuation into `-` (`Kanji Origins` → `kanji-origins`); nil for a title with no ASCII
  /// letter or digit (a Chinese title: the text's hash is used instead).
  public static func fromTitle(_ title: String) -> String? {
    if YAMLReader.isIdentifier(title), title.utf8.count <= 60 { return title }
    var out = ""
    var dash = false
    for scalar in title.unicodeScalars {
      if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "." {
        if dash, !out.isEmpty { out += "-" }
        dash = false
        out += String(scalar).lowercased()
      } else if scalar == "-" || scalar.properties.isWhitespace || scalar.isASCII {
        dash = true
      } else {
        return nil  // a non-ASCII letter: slugging it would lose what the title says
      }
    }
    while out.hasPrefix(".") { out.removeFirst() }
    guard !out.isEmpty, out.utf8.count <= 60 else { return nil }
    return out
  }

  /// `q-` and the first 8 hex digits of the SHA-256 of the kind and the normalised prompt.
  public static func fromText(kind: String, prompt: String) -> String {
    let key = kind + "\u{1F}" + TextNormalizer.normalize(prompt)
    return "q-" + Digest.sha256Hex(Array(key.utf8)).prefix(8)
  }

  /// Makes `ids` unique by adding `-2`, `-3`… to repeats, in order.
  public static func unique(_ ids: [String]) -> [String] {
    var seen: Set<String> = []
    var next: [String: Int] = [:]  // per id, the number to try first (10,000 repeats stay linear)
    return ids.map { id in
      var candidate = id
      var n = next[id] ?? 2
      while seen.contains(candidate) {
        candidate = "\(id)-\(n)"
        n += 1
      }
      next[id] = n
      seen.insert(candidate)
      return candidate
    }
  }
}
