// The libFuzzer entry point for the callback listener's input paths (RELIABILITY.md S1).
// `scripts/fuzz` compiles it together with Domain's sources into one module (so internal
// helpers such as `CallbackParser.decode` are reachable) with `-sanitize=fuzzer,address`.
// It is not a SwiftPM target: `swift build` and `swift test` never see it.

/// Feeds one input to the request-head parser, the callback verdict and the query decoder.
/// Any crash, overflow trap or ASan report is a finding; the verdicts themselves are not.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  _ = HTTPRequestParser.endOfHead(in: bytes)
  _ = HTTPRequestParser.parse(head: bytes[...])
  let text = String(decoding: bytes, as: UTF8.self)
  _ = CallbackParser.parse(text, expectedState: "fuzz-state", redirectPath: "/callback/")
  _ = CallbackParser.parse(text, expectedState: "", redirectPath: "")
  _ = CallbackParser.decode(text)
  _ = CallbackParser.split(text)
  return 0
}
