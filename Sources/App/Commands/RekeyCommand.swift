import Domain
import Foundation
import Storage

/// `tractok rekey`: re-encrypts every stored token under a new key, crash-safe.
enum RekeyCommand: SynchronousCommand {
  static let name = "rekey"
  static let summary = "re-encrypt every stored token and app secret under a new key"
  static let usage = "rekey"
  static let details = """
    With the key file ($TRACTOK_HOME/key), a new random key is written to key.new, every token
    and every stored app's client secret is re-encrypted in one transaction, and key.new then
    replaces key. If tractok is killed at
    any moment, the next start finishes or undoes the change: tokens are never split between
    two keys.

    With TIKTOK_ENCRYPTION_KEY, the new key (base64 of 32 bytes, e.g. from
    `openssl rand -base64 32`) is read from standard input so it never appears in argv; set
    TIKTOK_ENCRYPTION_KEY to it afterwards.
    """
  static let spec = ArgumentSpec()

  static func run(_ arguments: Arguments, _ context: Context) throws(CommandFailure) -> ExitCode {
    let store = try context.store()
    let oldID = store.sealer.key.idText
    let newKey: EncryptionKey
    if store.keyStore.source == .environment {
      guard let line = readLine(strippingNewline: true), !line.isEmpty else {
        throw .failure(
          "TIKTOK_ENCRYPTION_KEY is set: give the new key (base64 of 32 bytes) on standard input")
      }
      newKey = try context.attempt { try EncryptionKey.parse(base64: line, source: "the new key") }
    } else {
      newKey = EncryptionKey.generate()
    }
    guard newKey.id != store.sealer.key.id else {
      throw .failure("the new key is the current key \(oldID); nothing to do")
    }
    let count = try context.attempt { try store.rekey(to: newKey) }
    context.output.line(
      "Re-encrypted \(Format.count(count, "sealed secret")) (tokens and app client secrets): key "
        + "\(oldID) -> \(newKey.idText).")
    if store.keyStore.source == .environment {
      context.output.line("Set TIKTOK_ENCRYPTION_KEY to the new key before running tractok again.")
    }
    return .ok
  }
}
