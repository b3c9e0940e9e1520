import Domain
import Foundation
import Testing

@Suite("Private modes: what counts as open to other users and what the user is told")
struct PrivateModesTests {
  @Test(
    "any permission for group or others is loose; the owner's own bits never are",
    arguments: [
      (0o600, false), (0o400, false), (0o700, false), (0o000, false), (0o640, true), (0o604, true),
      (0o644, true), (0o666, true), (0o620, true), (0o602, true), (0o710, true), (0o701, true),
      (0o755, true),
    ])
  func looseBits(mode: Int, loose: Bool) {
    #expect(PrivateModes.isLoose(mode) == loose)
  }

  @Test("the message lists each path with its mode, one chmod that fixes them all, and rekey")
  func message() throws {
    let text = try #require(
      PrivateModes.problem([
        .init(path: "/home/maya/.local/share/tractok", mode: 0o755, wanted: 0o700),
        .init(path: "/home/maya/.local/share/tractok/key", mode: 0o644, wanted: 0o600),
      ]))
    #expect(text.contains("/home/maya/.local/share/tractok (mode 755)"))
    #expect(text.contains("/home/maya/.local/share/tractok/key (mode 644)"))
    #expect(
      text.contains(
        "`chmod 700 /home/maya/.local/share/tractok && chmod 600 /home/maya/.local/share/tractok/key`"))
    #expect(text.contains("then `tractok rekey`, since the key may already have been read"))
    #expect(PrivateModes.problem([]) == nil)
  }

  @Test("a path with spaces or quotes is one shell word in the chmod")
  func quoting() throws {
    let text = try #require(
      PrivateModes.problem([.init(path: "/srv/it's mine/key", mode: 0o644, wanted: 0o600)]))
    #expect(text.contains(#"`chmod 600 '/srv/it'\''s mine/key'`"#))
  }
}
