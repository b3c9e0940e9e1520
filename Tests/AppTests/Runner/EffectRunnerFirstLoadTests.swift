import Domain
import Foundation
import Storage
import TUI
import TestSupport
import Testing

@testable import App

@Suite("The UI's first load: a long list's first screenfuls, then the whole list")
struct EffectRunnerFirstLoadTests {
  let directory = TemporaryDirectory()

  func runner(accounts: Int, selecting position: Int? = nil) throws -> EffectRunner {
    let home = directory.file("home")
    let store = try Store.open(home: home, environmentKey: nil)
    let made = try AccountFixtures.populate(store, profile: "default", count: accounts)
    if let position { try store.select(made[position].openID, profile: "default") }
    return EffectRunner(
      services: Services(
        configuration: .from(environment: ["TRACTOK_HOME": home]), profile: "default",
        store: store))
  }

  func snapshots(_ runner: EffectRunner) async -> [AccountsSnapshot] {
    let inbox = Inbox()
    await runner.perform(.loadAccounts, post: inbox.post)
    return inbox.all.compactMap {
      if case .accountsLoaded(let snapshot) = $0 { return snapshot }
      return nil
    }
  }

  @Test(
    "a long list comes first as its first rows with the whole count, then whole; later loads are whole"
  )
  func longList() async throws {
    let runner = try runner(accounts: 600, selecting: 3)
    let first = await snapshots(runner)
    #expect(first.map(\.accounts.count) == [EffectRunner.firstRows, 600])
    #expect(first.map(\.total) == [600, 600])
    #expect(first.map(\.isComplete) == [false, true])
    #expect(first[0].accounts == Array(first[1].accounts.prefix(EffectRunner.firstRows)))
    #expect(await snapshots(runner).map(\.accounts.count) == [600])
  }

  @Test("a short list, or a current account past the first rows, comes whole at once")
  func wholeAtOnce() async throws {
    #expect(await snapshots(try runner(accounts: 40)).map(\.accounts.count) == [40])
    let far = try runner(accounts: 600, selecting: 500)
    #expect(await snapshots(far).map(\.accounts.count) == [600])
  }
}
