import Domain
import Foundation
import Storage
import TUI
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

@testable import App

@Suite("The effect runner's browser connect on the in-process sandbox, as the UI drives it")
struct EffectRunnerConnectTests {
  let directory = TemporaryDirectory()

  /// Services as `tractok` alone makes them without TikTok credentials: the in-process sandbox.
  func services(
    redirectURI: String = "http://127.0.0.1:*/callback/", extra: [String: String] = [:]
  ) throws -> Services {
    let home = directory.file("home")
    let store = try Store.open(home: home, environmentKey: nil)
    try store.setTier(.pro, profile: "default", now: Date())
    let environment = ["TRACTOK_HOME": home, "TIKTOK_REDIRECT_URI": redirectURI].merging(extra) {
      $1
    }
    return Services(
      configuration: .from(environment: environment), profile: "default", store: store)
  }

  /// Starts a browser attempt in the runner and returns what the dialog would show.
  func start(_ runner: EffectRunner, id: AttemptID, inbox: Inbox, openBrowser: Bool = false)
    async throws -> ConnectPrompt
  {
    runner.run(.startConnect(id, openBrowser: openBrowser), post: inbox.post)
    let started = await inbox.wait { if case .connectStarted = $0 { true } else { false } }
    guard case .connectStarted(_, .success(let prompt))? = started else {
      throw InboxError.unexpected(String(describing: started))
    }
    return prompt
  }

  /// Runs one browser attempt in the runner, approved by the sandbox; returns the outcome.
  func connectByApproving(_ runner: EffectRunner, id: AttemptID) async throws -> ConnectOutcome {
    let inbox = Inbox()
    let prompt = try await start(runner, id: id, inbox: inbox)
    #expect(prompt.isListening, "\(prompt.listenerProblem ?? "")")
    runner.run(.approveInSandbox(id, account: nil), post: inbox.post)
    for _ in 0..<50 {
      runner.run(.pollCallback(id), post: inbox.post)
      let polled = await inbox.wait { msg in
        switch msg {
        case .callbackPolled, .connectFinished, .sandboxApprovalFailed: true
        default: false
        }
      }
      if case .callbackPolled(_, .received)? = polled { break }
      if case .sandboxApprovalFailed(_, let error)? = polled { Issue.record("\(error)") }
    }
    let finished = await inbox.wait { if case .connectFinished = $0 { true } else { false } }
    guard case .connectFinished(_, .success(let outcome))? = finished else {
      throw InboxError.unexpected(String(describing: finished))
    }
    return outcome
  }

  @Test("a second approval connects the next sandbox account instead of reconnecting the first")
  func secondApprovalAddsAnotherAccount() async throws {
    let services = try services()
    let runner = EffectRunner(services: services)
    let first = try await connectByApproving(runner, id: AttemptID(1))
    let second = try await connectByApproving(runner, id: AttemptID(2))
    #expect(!first.reconnected)
    #expect(!second.reconnected)
    #expect(first.account.openID != second.account.openID)
    #expect(try services.store.accounts(profile: "default").count == 2)
  }

  @Test("an attempt started right after one finished gets the fixed redirect port it needs")
  func nextAttemptGetsThePort() async throws {
    let port = QuietPort.pick()
    let services = try services(redirectURI: "http://127.0.0.1:\(port)/callback/")
    let runner = EffectRunner(services: services)
    _ = try await connectByApproving(runner, id: AttemptID(1))
    // At once, as "c connects another" does: the first listener must not hold the port.
    let second = try await connectByApproving(runner, id: AttemptID(2))
    #expect(!second.reconnected)
  }

  @Test("with the fixed redirect port taken, the prompt names the holder, no browser opens, and a pasted address connects")
  func pasteWhilePortTaken() async throws {
    let squatter = try LoopbackServer(port: QuietPort.pick()) { _ in HTTPResponse(status: 404) }
    defer { squatter.stop() }
    let port = squatter.port
    let opened = directory.file("browser-ran")
    let browser = directory.file("browser.sh")
    try "#!/bin/sh\ntouch '\(opened)'\n".write(toFile: browser, atomically: true, encoding: .utf8)
    chmod(browser, 0o755)
    let services = try services(
      redirectURI: "http://127.0.0.1:\(port)/callback/", extra: ["BROWSER": browser])
    let runner = EffectRunner(services: services)
    let id = AttemptID(1)
    let inbox = Inbox()
    let prompt = try await start(runner, id: id, inbox: inbox, openBrowser: true)
    #expect(!prompt.isListening)
    let problem = prompt.listenerProblem ?? ""
    // This test process holds the port: it is named by its pid.
    #expect(problem.contains("port \(port) is held by your "), "\(problem)")
    #expect(problem.contains("(pid \(getpid()))"), "\(problem)")
    #expect(!prompt.browserOpened)
    #expect(prompt.authorizeURL.contains("127.0.0.1%3A\(port)%2Fcallback%2F"))
    let query = try #require(prompt.authorizeURL.split(separator: "?", maxSplits: 1).last)
    let sandbox = try #require(services.sandbox)
    let redirect = try sandbox.approve(authorizeQuery: String(query), accountID: nil).get()
    runner.run(.submitPaste(id, Secret(redirect)), post: inbox.post)
    let checked = await inbox.wait { if case .pasteChecked = $0 { true } else { false } }
    #expect(checked == .pasteChecked(id, .accepted))
    let finished = await inbox.wait { if case .connectFinished = $0 { true } else { false } }
    guard case .connectFinished(_, .success(let outcome))? = finished else {
      Issue.record("expected a connected account, got \(String(describing: finished))")
      return
    }
    #expect(outcome.account.username == "mayacooks")
    #expect(!FileManager.default.fileExists(atPath: opened))
  }

}
