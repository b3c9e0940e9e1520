import Domain
import Foundation
import Synchronization
import TestSupport
import Testing

@Suite("S5: hostile text leaves accounts --json, stderr and the log sanitised, as on screen")
struct HostileOutputTests {
  /// Bytes no output of tractok may carry from data: C0 controls but line feed, DEL, C1.
  static func controlBytes(in bytes: [UInt8]) -> [String] {
    TerminalOutput(bytes).tokens.compactMap { token in
      switch token.kind {
      case .text, .control(0x0A): nil
      case .control(let value): String(format: "U+%04X at %d", value, token.offset)
      case .escape(let sequence): "\(sequence.debugDescription) at \(token.offset)"
      case .invalid(let byte): String(format: "byte %02X at %d", byte, token.offset)
      }
    }
  }

  /// Scalars that must not survive sanitising: controls, bidi overrides and isolates.
  static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F: true
    default: false
    }
  }

  @Test("accounts --json and accounts carry each name sanitised, with no control characters")
  func accountsOutput() throws {
    let corpus = HostileText.corpus()
    let directory = TemporaryDirectory()
    let home = directory.file("home")
    let accounts = try UISeed.hostile(home: home, texts: corpus)
    let environment = TractokBinary.environment(home: home)
    let json = try TractokBinary.run(["accounts", "--json"], environment: environment)
    #expect(json.status == 0)
    let bad = Self.controlBytes(in: Array(json.stdout.utf8))
    #expect(bad.isEmpty, "\(bad.prefix(5))")
    let parsed = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8))
    let items = try #require(parsed as? [[String: Any]])
    #expect(items.count == corpus.count)
    var names: [String: String] = [:]
    for item in items {
      if let id = item["open_id"] as? String { names[id] = item["display_name"] as? String }
    }
    // What the database holds (SQLite keeps text only up to a NUL).
    let stored = try UISeed.storedNames(home)
    for (index, account) in accounts.enumerated() where index < corpus.count {
      let tag = String(String(format: "%03d", index).reversed()) + "n"
      let raw = try #require(stored[account.openID])
      #expect(raw.utf8.starts(with: "\(tag)<<".utf8), "the account holds corpus string \(index)")
      let name = try #require(names[account.openID])
      // Decoded JSON escapes are back to characters here: none of them may be a control.
      #expect(!name.unicodeScalars.contains(where: Self.isUnsafe), "\(tag)")
      #expect(name == UntrustedText.sanitize(raw), "\(tag): the same sanitising as the screen")
    }
    let table = try TractokBinary.run(["accounts"], environment: environment)
    #expect(table.status == 0)
    let tableBad = Self.controlBytes(in: Array(table.stdout.utf8))
    #expect(tableBad.isEmpty, "\(tableBad.prefix(5))")
  }

  @Test("a hostile TikTok's error codes, messages and log_ids leave stderr and the log clean")
  func hostileErrorsInLogAndStderr() throws {
    let corpus = HostileText.corpus()
    let count = Mutex(0)
    let server = try LoopbackServer { _ in
      let text = count.withLock { index in
        defer { index += 1 }
        return corpus[index % corpus.count]
      }
      let fields = ["error": text, "error_description": text, "log_id": text]
      let body = (try? JSONSerialization.data(withJSONObject: fields)) ?? Data()
      return HTTPResponse(
        status: 400, headers: [("Content-Type", "application/json")], body: Array(body))
    }
    defer { server.stop() }
    let directory = TemporaryDirectory()
    let home = directory.file("home")
    try UISeed.fixtures(home: home, count: 60)
    let base = "http://127.0.0.1:\(server.port)"
    let environment = TractokBinary.environment(
      home: home,
      extra: [
        "TIKTOK_CLIENT_KEY": "hostile-test", "TIKTOK_CLIENT_SECRET": "hostile-secret",
        "TIKTOK_API_BASE_URL": base, "TIKTOK_AUTH_BASE_URL": base,
      ])
    let refreshed = try TractokBinary.run(["refresh", "--all"], environment: environment)
    #expect(refreshed.status == 1)
    #expect(count.withLock { $0 } >= 60, "every account's refresh reached the hostile server")
    let stderrBad = Self.controlBytes(in: Array(refreshed.stderr.utf8))
    #expect(stderrBad.isEmpty, "\(stderrBad.prefix(5))")
    let log = try #require(FileManager.default.contents(atPath: "\(home)/tractok.log"))
    #expect(log.split(separator: UInt8(ascii: "\n")).count >= 60)
    let logBad = Self.controlBytes(in: Array(log))
    #expect(logBad.isEmpty, "\(logBad.prefix(5))")
    #expect(log.allSatisfy { $0 == 0x0A || (0x20...0x7E).contains($0) }, "log lines are ASCII")
    let status = try TractokBinary.run(["status"], environment: environment)
    let statusBad = Self.controlBytes(in: Array((status.stdout + status.stderr).utf8))
    #expect(statusBad.isEmpty, "\(statusBad.prefix(5))")
    let outputs = [
      ("stderr", refreshed.stderr), ("log", String(decoding: log, as: UTF8.self)),
      ("status", status.stdout),
    ]
    for (name, text) in outputs {
      for payload in ["pwned", "window title", "cHduZWQ=", "evil.example"] {
        let line = text.split(separator: "\n").first { $0.contains(payload) }
        #expect(line == nil, "\(name): \(payload) was inside a sequence and must go with it")
      }
    }
  }
}
