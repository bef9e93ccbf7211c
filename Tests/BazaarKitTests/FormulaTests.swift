import Testing
@testable import BazaarKit
@Test func dump() {
  let inputs = ["", "   ", "(((", "1/", "(1+2", "1+2)", "rnd(x)", "2x", "price(1-fee)", "round", "round(x, 2, 3)", "min(1)", "1.2.3", "15%", "2**3", "a = b", "1e999", "（成本）", "max(1,)", "sqrt()", "1 2", "()", "* 3", "1 +* 2", "(1, 2)", "round(x", "Round(x)", "(a)(b)", "2(x+1)", "x^", "[a+b]", "¥5", "a\u{7}", ".", "1.", ".5e1", "1e", "2e-3", "max(1 2)", "x*", "-", "f()", "2 ^ * 3", ",", ")", "1e+", "a..b"]
  for i in inputs {
    switch Formula.parse(i) {
    case .success(let f): print("OK   \(i.debugDescription) -> \(f)")
    case .failure(let e): print("ERR  \(i.debugDescription) @\(e.offset): \(e.message)")
    }
  }
  for i in ["cost / (1 - fee - margin)", "ceil(fixed / (price - cost - price * fee))", "round(price * 0.9, 2)", "max(0, a - b)", "2^3", "-2^2", "2^3^2", "(2^3)^2", "2^-1", "-(a*b)", "a-(b-c)", "a-(b+c)", "(a-b)-c", "a/(b*c)", "（cost＋1）×2", "-(-x)", "--x", "+x", "a*-b", "1e-5*x", "(-2)^2"] {
    switch Formula.parse(i) {
    case .success(let f): print("OK   \(i) -> \(f) vars \(f.variables)")
    case .failure(let e): print("ERR  \(i) @\(e.offset): \(e.message)")
    }
  }
}
