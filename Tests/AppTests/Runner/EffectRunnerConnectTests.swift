import Domain
import Foundation
import Storage
import TUI
import TestSupport
import Testing

@testable import App

@Suite("The effect runner's browser connect on the in-process sandbox, as the UI drives it")
struct EffectRunnerConnectTests {
  let directory = TemporaryDirectory()

  /// Services as `tractok` alone makes them without TikTok credentials: the in-process sandbox.
  func services(redirectURI: String = "http://127.0.0.1:*/callback/") throws -> Services {
    let home = directory.file("home")
    let store = try Store.open(home: home, environmentKey: nil)
    try store.setTier(.pro, profile: "default")
    let environment = ["TRACTOK_HOME": home, "TIKTOK_REDIRECT_URI": redirectURI]
    return Services(
      configuration: .from(environment: environment), profile: "default", store: store)
  }

  /// Runs one browser attempt in the runner, approved by the sandbox; returns the outcome.
  func connectByApproving(_ runner: EffectRunner, id: AttemptID) async throws -> ConnectOutcome {
    let inbox = Inbox()
    runner.run(.startConnect(id, openBrowser: false), post: inbox.post)
    let started = await inbox.wait { if case .connectStarted = $0 { true } else { false } }
    guard case .connectStarted(_, .success)? = started else {
      throw InboxError.unexpected(String(describing: started))
    }
    runner.run(.approveInSandbox(id), post: inbox.post)
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
    let port = try freePort()
    let services = try services(redirectURI: "http://127.0.0.1:\(port)/callback/")
    let runner = EffectRunner(services: services)
    _ = try await connectByApproving(runner, id: AttemptID(1))
    // At once, as "c connects another" does: the first listener must not hold the port.
    let second = try await connectByApproving(runner, id: AttemptID(2))
    #expect(!second.reconnected)
  }

  /// A port nothing listens on right now.
  private func freePort() throws -> Int {
    let probe = try LoopbackServer(port: 0) { _ in HTTPResponse(status: 404) }
    defer { probe.stop() }
    return probe.port
  }
}
