import Domain
import Foundation
import Storage
import TUI
import TestSupport
import Testing

@testable import App

@Suite("The runner reports tier and over-limit changes; update alone asks for the reload")
struct EffectRunnerProfileTests {
  let directory = TemporaryDirectory()

  func runner(accounts: Int, tier: Tier) throws -> EffectRunner {
    let home = directory.file("home")
    let store = try Store.open(home: home, environmentKey: nil)
    try AccountFixtures.populate(store, profile: "default", count: accounts)
    try store.setTier(tier, profile: "default", now: Date())
    return EffectRunner(
      services: Services(
        configuration: .from(environment: ["TRACTOK_HOME": home]), profile: "default",
        store: store))
  }

  /// The effects a whole round trip asks for: the runner's messages fed to `update`.
  func effects(after effect: Effect, _ runner: EffectRunner) async -> (posted: [Msg], next: [Effect]) {
    let inbox = Inbox()
    await runner.perform(effect, post: inbox.post)
    var state = AppState(profile: "default", tier: .pro, now: Date())
    let next = inbox.all.flatMap { update(&state, $0) }
    return (inbox.all, next)
  }

  @Test("a tier change loads the accounts once")
  func tierChangeLoadsOnce() async throws {
    let runner = try runner(accounts: 3, tier: .pro)
    let (posted, next) = await effects(after: .setTier(.free), runner)
    #expect(posted == [.tierChanged(.success(.free))])
    #expect(next.filter { $0 == .loadAccounts }.count == 1)
  }

  @Test("an over-limit choice loads the accounts once")
  func keepActiveLoadsOnce() async throws {
    let runner = try runner(accounts: 3, tier: .free)
    let chosen = try #require(try runner.services.store.accounts(profile: "default").last?.openID)
    let (posted, next) = await effects(after: .keepActive(openIDs: [chosen]), runner)
    #expect(posted == [.keepActiveFinished(nil)])
    #expect(next.filter { $0 == .loadAccounts }.count == 1)
  }
}
