import Domain
import Foundation
import Sandbox
import Storage
import TUI

/// Performs the UI's effects against Services (Domain + Storage) and posts the results as
/// messages. Work starts on `Task.detached`: the loop's thread blocks in ncurses' input wait,
/// so work tied to it would never run.
final class EffectRunner: EffectRunning, @unchecked Sendable {
  let services: Services
  let attempts = ConnectAttempts()
  private let lastDataVersion = LockedValue<Int?>(nil)
  /// Whether the first load was answered: only that one starts with the first screenfuls.
  private let loadedOnce = LockedValue(false)
  /// Rows in the first, partial snapshot: more than any screen shows.
  static let firstRows = 256

  init(services: Services) { self.services = services }

  func run(_ effect: Effect, post: @escaping @Sendable (Msg) -> Void) {
    Task.detached { [self] in await perform(effect, post: post) }
  }

  /// Does what `effect` says and posts what came of it; what happens next is `update`'s choice.
  func perform(_ effect: Effect, post: @escaping @Sendable (Msg) -> Void) async {
    switch effect {
    case .loadAccounts:
      if !loadedOnce.exchange(true), let head = loadFirstRows() { post(head) }
      post(loadAccounts())
    case .checkForExternalChanges: if let message = externalChanges() { post(message) }
    case .persistSelection(let openID):
      do { try services.store.select(openID, profile: services.profile) } catch {
        post(.backgroundFailed(error))
      }
    case .loadVideos(let openID, let cursor):
      post(.videosLoaded(openID: openID, cursor: cursor, await videos(openID, cursor)))
    case .startConnect(let id, let openBrowser):
      post(.connectStarted(id, startConnect(id, openBrowser: openBrowser)))
    case .pollCallback(let id): await pollCallback(id, post: post)
    case .submitPaste(let id, let text): await submitPaste(id, text: text, post: post)
    case .approveInSandbox(let id, let account):
      await approveInSandbox(id, account: account, post: post)
    case .cancelConnect(let id): attempts.cancel(id)
    case .startQR(let id): post(.qrStarted(id, await startQR(id)))
    case .pollQR(let id): await pollQR(id, post: post)
    case .refresh(let openID, let force):
      post(.refreshFinished(openID: openID, await refresh(openID, force: force)))
    case .sync(let openID): post(.syncFinished(openID: openID, await sync(openID)))
    case .disconnect(let openID):
      post(.disconnectFinished(openID: openID, await disconnect(openID)))
    case .setTier(let tier): await setTier(tier, post: post)
    case .keepActive(let openIDs): await keepActive(openIDs, post: post)
    case .locateSandbox: post(.sandboxLocated(locateSandbox()))
    case .copyToClipboard, .quit: break
    }
  }

  /// The profile's accounts and settings, remembering the data version it was read at.
  func loadAccounts() -> Msg {
    do {
      let version = try services.store.dataVersion()
      let loaded = try snapshot(try services.store.accounts(profile: services.profile), total: nil)
      lastDataVersion.set(version)
      return .accountsLoaded(loaded)
    } catch {
      return .accountsLoadFailed(error)
    }
  }

  /// At start, the first screenfuls of a long list, so the first frame does not wait for all of
  /// it; nil when they hold every account, or not the current one (the whole list then comes
  /// first), or on any error (the whole load reports it).
  private func loadFirstRows() -> Msg? {
    guard
      let (accounts, total) =
        (try? services.store.accounts(profile: services.profile, first: Self.firstRows)) ?? nil,
      let head = try? snapshot(accounts, total: total),
      head.selectedOpenID.map({ id in accounts.contains { $0.openID == id } }) ?? true
    else { return nil }
    return .accountsLoaded(head)
  }

  /// `accounts` (of `total`, when they are the first ones) with the profile's settings.
  private func snapshot(_ accounts: [Account], total: Int?) throws(DomainError)
    -> AccountsSnapshot
  {
    let record = try services.store.profile(services.profile)
    let app = try services.catalog().forProfile(record.app)
    return AccountsSnapshot(
      profile: record.name, tier: record.tier, accounts: accounts, total: total,
      selectedOpenID: record.selectedOpenID, app: app.name, isSandbox: app.usesSandbox)
  }

  /// A reload when another process committed since the last load (`PRAGMA data_version`).
  private func externalChanges() -> Msg? {
    guard let version = try? services.store.dataVersion() else { return nil }
    guard version != lastDataVersion.get() else { return nil }
    return loadAccounts()
  }

  /// The cached videos, or the page after `cursor` from TikTok with the account as stored
  /// after the call (a refused token marks the grant dead).
  private func videos(_ openID: String, _ cursor: Int64?) async -> VideoPageReport {
    guard let cursor else {
      do { return VideoPageReport(.success(try services.store.videos(openID))) } catch {
        return VideoPageReport(.failure(error))
      }
    }
    let page = await services.accounts().moreVideos(openID, cursor: cursor)
    return VideoPageReport(page, account: stored(openID))
  }

  private func refresh(_ openID: String, force: Bool) async -> RefreshReport {
    let engine = services.engine()
    let result = force ? await engine.refresh(openID) : await engine.refreshIfDue(openID)
    switch result {
    case .success(let account): return RefreshReport(account: account)
    case .failure(let error): return RefreshReport(account: stored(openID), error: error)
    }
  }

  private func sync(_ openID: String) async -> SyncReport {
    switch await services.accounts().sync(openID) {
    case .success(let synced): return SyncReport(account: synced.account, videos: synced.videos)
    case .failure(let error): return SyncReport(account: stored(openID), error: error)
    }
  }

  /// The account as stored now; nil when it cannot be read (the UI then reloads them all).
  private func stored(_ openID: String) -> Account? { (try? services.store.account(openID)) ?? nil }

  /// The in-process sandbox's control page, starting the sandbox if nothing has yet.
  private func locateSandbox() -> Result<SandboxControls, DomainError> {
    do {
      guard let sandbox = try services.connectingApp().sandbox else {
        return .failure(.failed("the profile's app does not run on the built-in sandbox"))
      }
      let hint = SSHForwardHint(
        ports: [sandbox.port], sshConnection: services.configuration.sshConnection,
        user: services.configuration.user)
      return .success(
        SandboxControls(
          pageURL: sandbox.controlPageURL, faultsURL: sandbox.baseURL + "/_sandbox/faults",
          sshForward: hint?.command))
    } catch {
      return .failure(error)
    }
  }

  private func disconnect(_ openID: String) async -> Result<DisconnectReport, DomainError> {
    await services.accounts().disconnect(openID)
  }

  private func setTier(_ tier: Tier, post: @escaping @Sendable (Msg) -> Void) async {
    do {
      try services.store.setTier(tier, profile: services.profile, now: Date())
      post(.tierChanged(.success(tier)))
    } catch {
      post(.tierChanged(.failure(error)))
    }
  }

  private func keepActive(_ openIDs: [String], post: @escaping @Sendable (Msg) -> Void) async {
    do {
      try services.store.keepActive(openIDs, profile: services.profile, now: Date())
      post(.keepActiveFinished(nil))
    } catch {
      post(.keepActiveFinished(error))
    }
  }
}

/// A value guarded by a lock, for the runner's bits of shared state.
final class LockedValue<Value: Sendable>: @unchecked Sendable {
  private let lock = NSLock()
  private var value: Value

  init(_ value: Value) { self.value = value }

  func get() -> Value {
    lock.lock()
    defer { lock.unlock() }
    return value
  }

  func set(_ newValue: Value) {
    lock.lock()
    defer { lock.unlock() }
    value = newValue
  }

  /// Sets `newValue` and returns the value it replaced, in one step.
  func exchange(_ newValue: Value) -> Value {
    lock.lock()
    defer { lock.unlock() }
    defer { value = newValue }
    return value
  }
}
