import Foundation

/// Resolves the ACCOUNT argument: open_id, @username or display name, case-insensitive, exact
/// match first, otherwise a unique prefix.
public enum AccountMatcher {
  public static func match(_ query: String, in accounts: [Account]) -> Result<Account, DomainError> {
    let needle = query.lowercased()
    let bare = needle.hasPrefix("@") ? String(needle.dropFirst()) : needle
    guard !bare.isEmpty else { return .failure(.noSuchAccount(query)) }
    func keys(_ account: Account) -> [String] {
      [account.openID.lowercased(), account.username.lowercased(), account.displayName.lowercased()]
        .filter { !$0.isEmpty }
    }
    let exact = accounts.filter { keys($0).contains(bare) }
    if exact.count == 1, let only = exact.first { return .success(only) }
    let candidates = exact.isEmpty ? accounts.filter { keys($0).contains { $0.hasPrefix(bare) } } : exact
    switch candidates.count {
    case 0: return .failure(.noSuchAccount(query))
    case 1: return .success(candidates[0])
    default:
      return .failure(
        .ambiguousAccount(query, matches: candidates.map { UntrustedText.sanitize($0.handle) }))
    }
  }
}
