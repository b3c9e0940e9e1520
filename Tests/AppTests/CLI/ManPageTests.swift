import Foundation
import Testing

@testable import App

@Suite("docs/tractok.1 is written from the help texts")
struct ManPageTests {
  static let path = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("docs/tractok.1").path

  @Test("the checked-in man page is the one the help texts make (RECORD_SNAPSHOTS=1 rewrites it)")
  func manPageIsCurrent() throws {
    let rendered = ManPage.render()
    if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
      try rendered.write(toFile: Self.path, atomically: true, encoding: .utf8)
      Issue.record("rewrote \(Self.path); run again without RECORD_SNAPSHOTS")
      return
    }
    let stored = try String(contentsOfFile: Self.path, encoding: .utf8)
    #expect(stored == rendered, "docs/tractok.1 is stale: run with RECORD_SNAPSHOTS=1")
  }

  @Test("every command and environment variable is in it, and no line starts a roff request by accident")
  func contents() {
    let page = ManPage.render()
    for command in Program.commands { #expect(page.contains(".SS tractok \(command.name)")) }
    for variable in EnvironmentHelp.variables {
      #expect(page.contains(ManPage.text(variable.name)))
    }
    let requests = Set([".TH", ".SH", ".SS", ".PP", ".nf", ".fi", ".TP", ".B", ".br"])
    for line in page.split(separator: "\n") where line.hasPrefix(".") {
      #expect(requests.contains(String(line.split(separator: " ").first ?? "")), "\(line)")
    }
    #expect(ManPage.text(".hidden -x \\y") == "\\&.hidden \\-x \\ey")
  }
}
