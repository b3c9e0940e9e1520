// The libFuzzer entry point for the callback listener's input paths (RELIABILITY.md S1) and
// the HTTP client's answer parsing.
// `scripts/fuzz` compiles it together with Domain's sources into one module (so internal
// helpers such as `CallbackParser.decode` are reachable) with `-sanitize=fuzzer,address`.
// It is not a SwiftPM target: `swift build` and `swift test` never see it.

/// Feeds one input to the request- and response-head parsers, the chunked decoder, the
/// callback verdict and the query decoder.
/// Any crash, overflow trap or ASan report is a finding; the verdicts themselves are not.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  _ = HTTPHeadParser.endOfHead(in: bytes)
  _ = HTTPRequestParser.parse(head: bytes[...])
  _ = HTTPResponseParser.parse(head: bytes[...], method: "GET")
  var chunks = ChunkedDecoder(maximumBodyBytes: 1 << 16)
  _ = chunks.feed(bytes[...])
  let text = String(decoding: bytes, as: UTF8.self)
  _ = CallbackParser.parse(text, expectedState: "fuzz-state", redirectPath: "/callback/")
  _ = CallbackParser.parse(text, expectedState: "", redirectPath: "")
  _ = CallbackParser.decode(text)
  _ = CallbackParser.split(text)
  return 0
}
