import Domain
import Foundation
import Storage

/// What commands share: the configuration, the chosen profile, output streams and the store.
final class Context {
  let configuration: Configuration
  let profile: String
  let environment: [String: String]
  let output: Output
  private var openedStore: Store?
  private var openedServices: Services?

  init(configuration: Configuration, profile: String, environment: [String: String], output: Output)
  {
    self.configuration = configuration
    self.profile = profile
    self.environment = environment
    self.output = output
  }

  /// The database, opened on first use; failures become a clear exit-1 message.
  func store() throws(CommandFailure) -> Store {
    if let openedStore { return openedStore }
    do {
      let store = try Store.open(
        home: configuration.home, environmentKey: configuration.encryptionKey)
      openedStore = store
      return store
    } catch {
      throw .failure(error.message)
    }
  }

  /// The live services (TikTok client or in-process sandbox, refresh engine), made once.
  func services() throws(CommandFailure) -> Services {
    if let openedServices { return openedServices }
    let services = Services(
      configuration: configuration, profile: profile, store: try store(),
      policy: configuration.refreshPolicy)
    openedServices = services
    return services
  }

  /// `$TRACTOK_ACCOUNT` when set: the account a command without ACCOUNT uses, per process,
  /// without touching the profile's stored selection.
  var environmentAccount: String? {
    environment["TRACTOK_ACCOUNT"].flatMap { $0.isEmpty ? nil : $0 }
  }

  /// The account named by the argument, else by `$TRACTOK_ACCOUNT`, else the profile's current
  /// one (the only account is current by default).
  func accountOrSelected(_ query: String?) throws(CommandFailure) -> Account {
    try accountOrSelected(query, in: try store())
  }

  /// The same in a given store (read only: `token`'s fast path has no other).
  func accountOrSelected(_ query: String?, in store: Store) throws(CommandFailure) -> Account {
    if let query { return try account(matching: query, in: store) }
    if let named = environmentAccount {
      do {
        return try account(matching: named, in: store)
      } catch {
        throw .failure("\(error.message) (TRACTOK_ACCOUNT)")
      }
    }
    let record = try attempt { try store.profile(profile) }
    // The current account alone: `tractok token` must not read the whole list (B4).
    if let selected = record.selectedOpenID,
      let account = try attempt({ try store.account(selected) }), account.profile == profile
    {
      return account
    }
    let accounts = try attempt { try store.accounts(profile: profile) }
    if accounts.count == 1, let only = accounts.first { return only }
    throw .failure(
      accounts.isEmpty
        ? "no accounts in profile \(profile); connect one with `tractok connect`"
        : "no current account; name one (see `tractok accounts`) or run `tractok switch ACCOUNT`")
  }

  /// Resolves an ACCOUNT argument within the profile.
  func account(matching query: String) throws(CommandFailure) -> Account {
    try account(matching: query, in: try store())
  }

  private func account(matching query: String, in store: Store) throws(CommandFailure) -> Account {
    let accounts = try attempt { try store.accounts(profile: profile) }
    switch AccountMatcher.match(query, in: accounts) {
    case .success(let account): return account
    case .failure(let error): throw .failure(error.message)
    }
  }

  /// Runs a store call, turning its `DomainError` into an exit-1 failure.
  func attempt<T>(_ body: () throws -> T) throws(CommandFailure) -> T {
    do {
      return try body()
    } catch let failure as CommandFailure {
      throw failure
    } catch let error as DomainError {
      throw .failure(error.message)
    } catch {
      throw .failure("\(error)")
    }
  }
}

/// Standard output and error, kept apart so scripts can read stdout alone. Written with
/// write(2): FileHandle's first use costs every `tractok token` a measurable part of its start.
struct Output: Sendable {
  /// Prints a line to standard output. A line that cannot be written (a full disk, a closed
  /// pipe) ends the process with exit 1, so a script never reads success without the output.
  func line(_ text: String) {
    guard FileIO.writeAll(text + "\n", to: STDOUT_FILENO) else {
      let reason = String(cString: strerror(errno))
      error("tractok: cannot write to standard output: \(reason)")
      exit(ExitCode.failure.rawValue)
    }
  }

  /// Prints a line to standard error.
  func error(_ text: String) {
    FileIO.writeAll(text + "\n", to: STDERR_FILENO)
  }

  /// Asks on standard error, leaving the cursor after the question.
  func prompt(_ text: String) {
    FileIO.writeAll(text, to: STDERR_FILENO)
  }
}
