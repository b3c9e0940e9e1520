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

  /// Resolves an ACCOUNT argument within the profile.
  func account(matching query: String) throws(CommandFailure) -> Account {
    let accounts = try attempt { try store().accounts(profile: profile) }
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

/// Standard output and error, kept apart so scripts can read stdout alone.
struct Output: Sendable {
  /// Prints a line to standard output.
  func line(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
  }

  /// Prints a line to standard error.
  func error(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
  }
}
