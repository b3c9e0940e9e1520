import Testing

@testable import App

#if canImport(Glibc)
  import Glibc
#endif

@Suite("the process environment, read from environ")
struct ProcessEnvironmentTests {
  @Test("a value keeps every '=' after the first; the first definition wins; junk is skipped")
  func entries() {
    let variables = ProcessEnvironment.variables([
      "TOKEN=a=b==c", "EMPTY=", "NO_EQUALS", "TOKEN=second", "=nameless",
    ])
    #expect(variables == ["TOKEN": "a=b==c", "EMPTY": "", "": "nameless"])
  }

  @Test("what getenv sees is read")
  func readsEnviron() {
    #expect(ProcessEnvironment.read()["PATH"] == String(cString: getenv("PATH")))
  }
}
