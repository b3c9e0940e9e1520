import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A loopback port for tests that must name a fixed port: below the kernel's ephemeral range
/// (32768 and up), so no connection of a test running alongside takes it meanwhile.
public enum QuietPort {
  /// A port in 20000-31999 that is free on 127.0.0.1 right now.
  public static func pick() -> Int {
    while true {
      let port = Int.random(in: 20_000..<32_000)
      if isFree(port) { return port }
    }
  }

  private static func isFree(_ port: Int) -> Bool {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = in_addr_t(UInt32(0x7F00_0001).bigEndian)
    return withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
      }
    }
  }
}
