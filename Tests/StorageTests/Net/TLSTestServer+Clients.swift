import Domain
import Foundation
import Storage
import TestSupport

extension TLSTestServer {
  /// A transport that trusts the test authority, the only one that signed `good`.
  func transport(proxy: ProxySettings = ProxySettings(), maximumBodyBytes: Int = 1 << 20)
    -> HTTPClientTransport
  {
    var limits = HTTPClientTransport.Limits()
    limits.maximumBodyBytes = maximumBodyBytes
    // A loaded machine may take seconds between two calls; reuse is what these tests check.
    limits.idleReuseUnrepeatable = 600
    return HTTPClientTransport(
      tls: OpenSSLTLS(trust: .authorities(file: certificates.authorityFile)), proxy: proxy,
      limits: limits)
  }

  /// TikTok's client for `https://host:port` over `transport()`.
  func tikTokClient(_ host: String, _ port: Int) -> TikTokClient {
    TikTokClient(
      apiBaseURL: "https://\(host):\(port)",
      credentials: ClientCredentials(clientKey: "key", clientSecret: Secret("secret")),
      transport: transport())
  }
}

extension RefreshRequest {
  /// A refresh of `token` that may be sent, due within 30 seconds.
  static func of(_ token: String) -> RefreshRequest {
    RefreshRequest(
      app: AppGrant(name: "test", clientKey: "key"), refreshToken: Secret(token),
      deadline: Date().addingTimeInterval(30), maySend: { true })
  }
}

extension Result {
  var failure: Failure? {
    if case .failure(let error) = self { return error }
    return nil
  }
}
