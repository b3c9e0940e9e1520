import Domain
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Resolves `TRACTOK_CALLBACK_USERS` (user names or uids) into the loopback access rule the
/// callback listener and the sandbox share.
enum CallbackUsers {
  /// The current user plus the configured ones; an unknown name is an error naming it.
  static func access(_ configuration: Configuration) throws(DomainError) -> LoopbackAccess {
    var extra: Set<UInt32> = []
    for name in configuration.callbackUsers {
      guard let uid = uid(of: name) else {
        throw .failed(
          "TRACTOK_CALLBACK_USERS names \(UntrustedText.sanitize(name)), which is not a user "
            + "of this machine; give user names or numeric uids separated by commas")
      }
      extra.insert(uid)
    }
    return .currentUser(plus: extra)
  }

  /// A numeric uid as it is, a name through the password database.
  static func uid(of name: String) -> UInt32? {
    if name.utf8.allSatisfy({ (0x30...0x39).contains($0) }) { return UInt32(name) }
    guard let entry = getpwnam(name) else { return nil }
    return entry.pointee.pw_uid
  }
}
