import Domain
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// The port-forward lines shown when tractok runs over SSH, so the browser on the user's own
/// machine can reach the loopback listener (and the sandbox) on the server.
struct SSHForwardHint: Equatable, Sendable {
  /// A new SSH connection that forwards the ports: `ssh -L P:127.0.0.1:P user@host`.
  let command: String
  /// How to add the forward to the running session with OpenSSH's escape.
  let escape: String

  /// Nil unless `SSH_CONNECTION` is set ("client_ip client_port server_ip server_port").
  /// The login name is `user`, else the account tractok runs as.
  init?(ports: [Int], sshConnection: String?, user: String?) {
    guard let sshConnection, !ports.isEmpty else { return nil }
    let fields = sshConnection.split(separator: " ")
    guard fields.count >= 3 else { return nil }
    let host = UntrustedText.sanitize(String(fields[2]))
    let name = user ?? getpwuid(getuid()).map { String(cString: $0.pointee.pw_name) }
    let login = name.map { "\(UntrustedText.sanitize($0))@\(host)" } ?? host
    let forwards = ports.map { "-L \($0):127.0.0.1:\($0)" }
    command = "ssh \(forwards.joined(separator: " ")) \(login)"
    // OpenSSH's ~C command line takes one forward at a time.
    escape =
      "press Enter, type ~C, then enter \(forwards.joined(separator: "; again ~C and "))"
  }
}
