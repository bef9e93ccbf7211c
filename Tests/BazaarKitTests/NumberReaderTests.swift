import Testing
@testable import BazaarKit
@Test func placeholder2() {}
