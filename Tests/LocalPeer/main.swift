// A separate program the S7 tests run as another local user (through setpriv): a browser that
// follows tractok's handoff page, a client, a holder of idle connections, a squatter on ::1.
// Test-only, never shipped. Everything it reports goes to standard output, one line each.
import Domain
import Foundation
import TestSupport

#if canImport(Glibc)
  import Glibc
#endif

/// One line on standard output, written at once (the test reads it while this program runs).
func say(_ text: String) {
  FileHandle.standardOutput.write(Data((text + "\n").utf8))
}

let words = Array(CommandLine.arguments.dropFirst())

/// Waits until standard input ends (the test closes it or the process is killed).
func waitForEndOfInput() {
  while readLine() != nil {}
}

/// A response as lines: its status, then its body on one line.
func report(_ response: LoopbackResponse) {
  say("status \(response.status)")
  say("body \(response.body.replacingOccurrences(of: "\n", with: " "))")
}

/// Runs `body`, saying what went wrong (and exiting 1) when it throws.
func attempt(_ body: () throws -> Void) {
  do {
    try body()
  } catch {
    say("error \(error)")
    exit(1)
  }
}

switch (words.first, words.count) {
case ("browse", 2):
  // `$BROWSER`: opens the URL (a file:// handoff page), approves on the consent page, lands.
  let browser = FakeBrowser()
  attempt {
    var page = try browser.open(words[1])
    if page.response.body.contains("name=\"decision\"") { page = try browser.decide(on: page) }
    report(page.response)
  }

case ("get", 2):
  // One GET; "sent" is when it left, in seconds since 1970, for the test to time what follows.
  say("sent \(Date().timeIntervalSince1970)")
  attempt { report(try LoopbackHTTP.request("GET", words[1], timeout: 30)) }

case ("hold", 3):
  // COUNT idle connections to 127.0.0.1:PORT that never send a byte; `report` on standard
  // input prints how the server ended them: answered 403, cut without an answer, or still open.
  guard let port = Int(words[1]), let count = Int(words[2]) else { exit(2) }
  var sockets: [Int32] = []
  for _ in 0..<count {
    let fd = LoopbackHTTP.connect(port: port)
    if fd >= 0 { sockets.append(fd) }
  }
  say("open \(sockets.count)")
  while let line = readLine() {
    guard line == "report" else { continue }
    var counts = ["403": 0, "cut": 0, "open": 0, "other": 0]
    var buffer = [UInt8](repeating: 0, count: 64)
    for fd in sockets {
      var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
      guard poll(&descriptor, 1, 2000) > 0 else {
        counts["open", default: 0] += 1
        continue
      }
      let received = recv(fd, &buffer, buffer.count, Int32(MSG_PEEK))
      let text = received > 0 ? String(decoding: buffer[0..<received], as: UTF8.self) : ""
      let kind = received <= 0 ? "cut" : text.hasPrefix("HTTP/1.1 403") ? "403" : "other"
      counts[kind, default: 0] += 1
    }
    say("ended 403=\(counts["403"] ?? 0) cut=\(counts["cut"] ?? 0) open=\(counts["open"] ?? 0) other=\(counts["other"] ?? 0)")
  }

case ("listen6", 1):
  // Squats on [::1] at a free port, answering whoever comes with 200.
  attempt {
    let server = try LoopbackServer(interfaces: [.ipv6]) { _ in HTTPResponse(status: 200) }
    say("listening \(server.port)")
    waitForEndOfInput()
    server.stop()
  }

default:
  FileHandle.standardError.write(Data("usage: LocalPeer browse URL | get URL | hold PORT COUNT | listen6\n".utf8))
  exit(2)
}
