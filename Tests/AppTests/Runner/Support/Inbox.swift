import Foundation
import TUI
import TestSupport

/// Messages the runner posted, awaited without holding a pool thread.
final class Inbox: @unchecked Sendable {
  private let lock = NSLock()
  private var messages: [Msg] = []

  func post(_ msg: Msg) {
    lock.lock()
    defer { lock.unlock() }
    messages.append(msg)
  }

  /// Every message posted and not taken yet, in order.
  var all: [Msg] {
    lock.lock()
    defer { lock.unlock() }
    return messages
  }

  /// Takes the first message matching `predicate`, waiting up to 15 seconds for it.
  func wait(_ predicate: @escaping @Sendable (Msg) -> Bool) async -> Msg? {
    await offPool {
      var found: Msg?
      _ = eventually(timeout: 15) {
        self.lock.lock()
        defer { self.lock.unlock() }
        guard let index = self.messages.firstIndex(where: predicate) else { return false }
        found = self.messages.remove(at: index)
        return true
      }
      return found
    }
  }
}

enum InboxError: Error {
  case unexpected(String)
}
