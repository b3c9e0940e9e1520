import Domain
import Foundation
import Testing

@Suite("A stored app's record is checked before it is stored")
struct AppRecordTests {
  @Test(
    "names, keys and base URLs that cannot be stored are named",
    arguments: [
      (AppRecord(name: "brand", clientKey: "k"), nil),
      (AppRecord(name: "brand", clientKey: "k", authBaseURL: "sandbox", apiBaseURL: "sandbox"), nil),
      (AppRecord(name: "b", clientKey: "k", apiBaseURL: "http://127.0.0.1:9000"), nil),
      (AppRecord(name: "sandbox", clientKey: "k"), "names a built-in app"),
      (AppRecord(name: "environment", clientKey: "k"), "names a built-in app"),
      (AppRecord(name: "bad name", clientKey: "k"), "app names are 1-64"),
      (AppRecord(name: "b", clientKey: ""), "one word"),
      (AppRecord(name: "b", clientKey: "two words"), "one word"),
      (AppRecord(name: "b", clientKey: "k", apiBaseURL: "http://api.example"), "must use https"),
      (AppRecord(name: "b", clientKey: "k", authBaseURL: "sandbox", apiBaseURL: "https://a.example"),
        "both base URLs"),
    ] as [(AppRecord, String?)])
  func problems(record: AppRecord, problem: String?) {
    #expect(record.problems.first.map { $0.contains(problem ?? "\u{0}") } ?? (problem == nil),
      "\(record.problems)")
  }
}
