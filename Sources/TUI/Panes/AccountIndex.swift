import Domain
import Synchronization

/// Lookups derived from the account list: position by open_id and lowercased search keys. The
/// positions are built with each load; the search keys only when a search first needs them
/// (building them for 10,000 accounts cost as much as reading the rows, before the first frame:
/// benchmark B3). Equal when built from the same list revision (comparing the tables themselves
/// would cost O(n) per frame).
struct AccountIndex: Sendable {
  private(set) var revision = 0
  private var positions: [String: Int] = [:]
  private var search = SearchKeys()

  init() {}

  init(_ accounts: [Account], revision: Int) {
    self.revision = revision
    positions.reserveCapacity(accounts.count)
    for (position, account) in accounts.enumerated() { positions[account.openID] = position }
  }

  /// Where the account with `openID` is in the list.
  func position(of openID: String) -> Int? { positions[openID] }

  /// Records that the account at `position` changed (a refresh or sync patched it).
  mutating func update(_ account: Account, at position: Int, revision: Int) {
    search = search.replacing(account, at: position)
    self.revision = revision
  }

  /// Positions (ascending) of `accounts` (the list this index was built from) whose name,
  /// @username or open_id contains `query`, ignoring case; only among `candidates` when given
  /// (narrowing a filter that just grew).
  func matches(_ query: String, among candidates: [Int]? = nil, in accounts: [Account]) -> [Int] {
    let needle = Array(Self.searchable(query).utf8)
    guard !needle.isEmpty else { return candidates ?? Array(accounts.indices) }
    let keys = search.keys(for: accounts)
    let pool = candidates ?? Array(keys.indices)
    return pool.filter { keys.indices.contains($0) && Self.contains(keys[$0], needle) }
  }

  /// The search keys of the list, made on first use and then kept. Never changed once made: a
  /// patched account gets new keys (`replacing`), so copies of a state keep theirs.
  final class SearchKeys: Sendable {
    private let made: Mutex<[[UInt8]]?>

    init(_ keys: [[UInt8]]? = nil) { made = Mutex(keys) }

    func keys(for accounts: [Account]) -> [[UInt8]] {
      made.withLock { keys in
        if let keys { return keys }
        let built = accounts.map(AccountIndex.key(for:))
        keys = built
        return built
      }
    }

    /// These keys with the account at `position` replaced; unmade ones stay unmade, in a box
    /// of their own (the one shared with copies of the state before the patch is theirs).
    func replacing(_ account: Account, at position: Int) -> SearchKeys {
      guard var keys = made.withLock({ $0 }), keys.indices.contains(position) else {
        return SearchKeys()
      }
      keys[position] = AccountIndex.key(for: account)
      return SearchKeys(keys)
    }
  }

  /// Name, @username and open_id, one per line, each as `searchable` makes it, straight into
  /// bytes.
  fileprivate static func key(for account: Account) -> [UInt8] {
    var key: [UInt8] = []
    key.reserveCapacity(
      account.displayName.utf8.count + account.username.utf8.count + account.openID.utf8.count
        + 2)
    appendSearchable(account.displayName, to: &key)
    key.append(0x0A)
    appendSearchable(account.username, to: &key)
    key.append(0x0A)
    appendSearchable(account.openID, to: &key)
    return key
  }

  /// Appends `searchable(text)`; printable ASCII is lowercased byte by byte, without a copy.
  private static func appendSearchable(_ text: String, to key: inout [UInt8]) {
    guard text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else {
      key.append(contentsOf: searchable(text).utf8)
      return
    }
    for byte in text.utf8 { key.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte) }
  }

  /// Text as it is shown (sanitised) and lowercased, so invisible characters never hide a match.
  private static func searchable(_ text: String) -> String {
    let printable = text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
    return (printable ? text : UntrustedText.sanitize(text)).lowercased()
  }

  private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
    guard needle.count <= haystack.count, let first = needle.first else { return needle.isEmpty }
    return haystack.withUnsafeBufferPointer { hay in
      needle.withUnsafeBufferPointer { pin in
        var start = 0
        let last = hay.count - pin.count
        while start <= last {
          if hay[start] == first {
            var offset = 1
            while offset < pin.count && hay[start + offset] == pin[offset] { offset += 1 }
            if offset == pin.count { return true }
          }
          start += 1
        }
        return false
      }
    }
  }
}

extension AccountIndex: Equatable {
  static func == (lhs: AccountIndex, rhs: AccountIndex) -> Bool { lhs.revision == rhs.revision }
}
