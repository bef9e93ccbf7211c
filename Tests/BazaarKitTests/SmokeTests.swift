import Testing
@testable import BazaarKit
@Test func versionIsSet() { #expect(!Bazaar.version.isEmpty) }
