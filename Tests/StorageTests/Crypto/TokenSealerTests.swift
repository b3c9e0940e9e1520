import Domain
import Testing

@testable import Storage

@Suite("Sealed token blobs")
struct TokenSealerTests {
  let sealer = TokenSealer(key: EncryptionKey.generate())
  let token = Secret("act.9db86c59XYZ*!5259")

  @Test("a sealed token opens to the same text for the same account and field")
  func roundTrip() throws {
    let blob = try sealer.seal(token, openID: "open-1", field: .accessToken)
    #expect(try sealer.open(blob, openID: "open-1", field: .accessToken) == token)
    #expect(blob[0] == TokenSealer.version)
    #expect(Array(blob[1..<9]) == sealer.key.id)
    #expect(blob.count == TokenSealer.overhead + token.reveal.utf8.count)
  }

  @Test("two seals of one token use different nonces")
  func freshNonces() throws {
    let first = try sealer.seal(token, openID: "open-1", field: .accessToken)
    let second = try sealer.seal(token, openID: "open-1", field: .accessToken)
    #expect(first != second)
  }

  @Test("every flipped byte of header, nonce, ciphertext or tag is rejected")
  func everyFlippedByteRejected() throws {
    let blob = try sealer.seal(token, openID: "open-1", field: .refreshToken)
    for index in blob.indices {
      var tampered = blob
      tampered[index] ^= 0x01
      #expect(throws: DomainError.self, "byte \(index)") {
        try sealer.open(tampered, openID: "open-1", field: .refreshToken)
      }
    }
  }

  @Test("a blob moved to another account or field is rejected")
  func swappedBlobsRejected() throws {
    let blob = try sealer.seal(token, openID: "open-1", field: .accessToken)
    #expect(throws: DomainError.self) { try sealer.open(blob, openID: "open-2", field: .accessToken) }
    #expect(throws: DomainError.self) { try sealer.open(blob, openID: "open-1", field: .refreshToken) }
    #expect(throws: DomainError.self) { try sealer.open(blob, openID: "open-1", field: .pendingRevocation) }
  }

  @Test("a truncated blob is rejected")
  func truncatedRejected() throws {
    let blob = try sealer.seal(token, openID: "open-1", field: .accessToken)
    #expect(throws: DomainError.self) { try sealer.open(Array(blob.prefix(20)), openID: "open-1", field: .accessToken) }
    #expect(throws: DomainError.self) { try sealer.open([], openID: "open-1", field: .accessToken) }
  }

  @Test("another key is refused with a message naming both key ids")
  func otherKeyNamed() throws {
    let blob = try sealer.seal(token, openID: "open-1", field: .accessToken)
    let other = TokenSealer(key: EncryptionKey.generate())
    do {
      _ = try other.open(blob, openID: "open-1", field: .accessToken)
      Issue.record("expected an error")
    } catch {
      #expect(error.message.contains(sealer.key.idText))
      #expect(error.message.contains(other.key.idText))
      #expect(!error.message.contains(token.reveal))
    }
  }
}
