import Domain
import Testing

@Suite("ASCII letters and digits without Foundation")
struct ASCIITests {
  @Test("letters and digits of ASCII only, as CharacterSet.alphanumerics keeps of ASCII")
  func alphanumerics() {
    let kept = (0..<128).compactMap(Unicode.Scalar.init).filter(\.isASCIIAlphanumeric)
    #expect(
      String(String.UnicodeScalarView(kept))
        == "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
    #expect(!("é" as Unicode.Scalar).isASCIIAlphanumeric)
    #expect(!("٣" as Unicode.Scalar).isASCIIAlphanumeric)
  }
}
