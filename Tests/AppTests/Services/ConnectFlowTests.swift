import Domain
import Foundation
import Sandbox
import Storage
import Testing
import TestSupport

@testable import App

@Suite("Connecting accounts through the sandbox like a browser")
struct ConnectFlowTests {
  @Test("a full connect: consent page, Approve, redirect to the listener, account stored and named on the page")
  func fullConnect() async throws {
    let world = try TestWorld()
    let flow = try world.authorize()
    let callback = try await flow.result().get()
    let result = try await world.services.accounts().connect(callback).get()
    guard case .added(let account) = result else {
      Issue.record("expected added, got \(result)")
      return
    }
    flow.listener.reportConnected(account.label)
    let page = await flow.browser.value()
    #expect(page?.response.body.contains("Maya Chen") == true)
    #expect(account.username == "mayacooks")
    #expect(try world.store.accounts(profile: "default").map(\.openID) == [account.openID])
    let ledger = world.sandbox.ledger()
    #expect(try world.store.tokens(account.openID).accessToken.reveal == ledger.accessTokensIssued.last)
    #expect(ledger.count(.token) == 1)
    #expect(try world.store.videos(account.openID).videos.count > 0)
  }

  @Test("a second account in the same browser session: disable_auto_auth=1 shows the page again")
  func secondAccountSameBrowser() async throws {
    let world = try TestWorld()
    let browser = FakeBrowser()
    let first = try await world.connect(browser: browser)
    let other = try #require(world.sandbox.accounts.first { $0.openID != first.account.openID })
    let second = try await world.connect(browser: browser, account: other.openID)
    guard case .added = second else {
      Issue.record("expected a second account, got \(second)")
      return
    }
    #expect(second.account.openID == other.openID)
    #expect(try world.store.accounts(profile: "default").count == 2)
  }

  @Test("reconnecting the same account renews its tokens and uses no new slot")
  func reconnect() async throws {
    let world = try TestWorld(tier: .free)
    let browser = FakeBrowser()
    let first = try await world.connect(browser: browser)
    let again = try await world.connect(browser: browser)
    guard case .reconnected(let account) = again else {
      Issue.record("expected reconnected, got \(again)")
      return
    }
    #expect(account.openID == first.account.openID)
    #expect(try world.store.accounts(profile: "default").count == 1)
    #expect(try world.store.tokens(account.openID).accessToken.reveal == world.sandbox.ledger().accessTokensIssued.last)
  }

  @Test("at the tier limit the connect is refused before the authorize page is requested")
  func tierLimitBeforeBrowser() async throws {
    let world = try TestWorld(tier: .free)
    _ = try await world.connect()
    let before = world.sandbox.ledger().count(.authorize)
    #expect(throws: DomainError.slotsFull(tier: .free)) { try world.services.accounts().checkCanConnect() }
    #expect(world.sandbox.ledger().count(.authorize) == before)
  }

  @Test("unticked scopes are recorded as declined and user info asks only for granted fields")
  func declinedScopes() async throws {
    let world = try TestWorld()
    let callback = try await world.callback(untick: [Scope.userInfoStats])
    let result = try await world.services.accounts().connect(callback).get()
    #expect(result.account.declinedScopes == [Scope.userInfoStats])
    #expect(result.account.stats == nil)
    #expect(world.sandbox.ledger().count(.userInfo, status: 200) == 1)
  }

  @Test("Deny on TikTok's page ends the attempt with access_denied and no token call")
  func deny() async throws {
    let world = try TestWorld()
    let result = await (try world.authorize(approve: false)).result()
    guard case .failure(.authorizationDenied(let code, _)) = result else {
      Issue.record("expected access_denied, got \(result)")
      return
    }
    #expect(code == "access_denied")
    #expect(world.sandbox.ledger().count(.token) == 0)
  }

  @Test("a callback with the wrong state is refused and the attempt keeps waiting")
  func wrongState() async throws {
    let world = try TestWorld()
    let listener = try #require(try world.services.startSignIn(timeout: 30).listener)
    let url = "http://127.0.0.1:\(listener.port)/callback/?code=abc&scopes=user.info.basic&state=forged"
    let page = try LoopbackHTTP.request("GET", url)
    #expect(page.status >= 400)
    #expect(listener.attempt.outcome == .waiting)
    #expect(listener.attempt.submit(url) != .authorized(code: Secret("abc"), grantedScopes: ["user.info.basic"]))
    #expect(listener.attempt.outcome == .waiting)
    listener.attempt.cancel()
  }

  @Test("with no callback the attempt times out with a clear message")
  func timeout() async throws {
    let world = try TestWorld()
    let signIn = try world.services.startSignIn(timeout: 1)
    do {
      _ = try await signIn.attempt.result()
      Issue.record("expected a timeout")
    } catch {
      #expect(error.message.contains("timed out"))
    }
  }

  @Test("paste-back: the redirect URL pasted into the attempt connects the account")
  func pasteBack() async throws {
    let world = try TestWorld()
    let attempt = try world.services.startSignIn(timeout: 30).attempt
    let query = try #require(attempt.authorizeURL.split(separator: "?", maxSplits: 1).last)
    let redirect = try world.sandbox.approve(authorizeQuery: String(query)).get()
    guard case .authorized = attempt.submit("  \(redirect)\n") else {
      Issue.record("paste was refused")
      return
    }
    let result = try await world.services.accounts().connect(try await attempt.result()).get()
    #expect(result.account.username == "mayacooks")
  }

  @Test("a PKCE verifier that does not match the challenge fails at the token exchange")
  func pkceMismatch() async throws {
    let world = try TestWorld()
    let callback = try await world.callback()
    let result = await world.services.accounts().connect(
      code: callback.code, redirectURI: callback.redirectURI, codeVerifier: Secret(String(repeating: "x", count: 50)),
      requested: callback.requestedScopes, granted: callback.grantedScopes)
    guard case .failure(.tikTok(let error)) = result else {
      Issue.record("expected a TikTok error, got \(result)")
      return
    }
    #expect(error.message.lowercased().contains("code verifier"))
    #expect(try world.store.accounts(profile: "default").isEmpty)
  }

  @Test("an account held by another profile is refused naming it")
  func otherProfile() async throws {
    let world = try TestWorld()
    let first = try await world.connect()
    let other = Services(configuration: world.services.configuration, profile: "clients", store: world.store)
    let result = await other.accounts().connect(try await world.callback())
    #expect(result == .failure(.connectedInOtherProfile(profile: "default")))
    #expect(try world.store.account(first.account.openID)?.profile == "default")
  }

  @Test("with every slot used, an account that needs a reconnect can still be reconnected")
  func reconnectWhenFull() async throws {
    let world = try TestWorld(tier: .free)
    let account = try await world.connect().account
    world.sandbox.inject(.invalidGrant, endpoint: .token, count: 1)
    _ = await world.services.engine().refresh(account.openID)
    #expect(try world.store.account(account.openID)?.status == .expired)
    #expect(throws: Never.self) { try world.services.accounts().checkCanConnect() }
    let again = try await world.connect()
    guard case .reconnected(let renewed) = again else {
      Issue.record("expected a reconnect, got \(again)")
      return
    }
    #expect(renewed.status == .active)
  }
}
