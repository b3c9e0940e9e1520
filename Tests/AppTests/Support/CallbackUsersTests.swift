import Domain
import Foundation
import Testing

@testable import App

#if canImport(Glibc)
  import Glibc
#endif

@Suite("TRACTOK_CALLBACK_USERS: extra users the listener and the sandbox answer")
struct CallbackUsersTests {
  static func configuration(_ value: String?) -> Configuration {
    var environment = ["HOME": "/nonexistent"]
    environment["TRACTOK_CALLBACK_USERS"] = value
    return .from(environment: environment)
  }

  @Test("unset: only the user running tractok")
  func unset() throws {
    #expect(try CallbackUsers.access(Self.configuration(nil)).users == [geteuid()])
  }

  @Test("uids and user names, comma-separated with spaces, are added to the current user")
  func namesAndUIDs() throws {
    let access = try CallbackUsers.access(Self.configuration(" 61002 , root,,33"))
    #expect(access.users == [geteuid(), 61002, 0, 33])
  }

  @Test("an unknown user name is an error naming it")
  func unknownUser() {
    do {
      _ = try CallbackUsers.access(Self.configuration("www-dta"))
      Issue.record("expected an error")
    } catch {
      #expect(error.message.contains("TRACTOK_CALLBACK_USERS names www-dta"))
    }
  }
}
