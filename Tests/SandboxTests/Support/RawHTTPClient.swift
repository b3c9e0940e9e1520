import Foundation
import TestSupport

/// A response as read off the socket (TestSupport's raw loopback client).
typealias RawResponse = LoopbackResponse

extension LoopbackResponse {
  var text: String { body }

  /// The body as a JSON object, via Foundation (independent of the sandbox's own writer).
  var object: [String: Any]? {
    (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any]
  }

  /// The body decoded strictly into `T` (wrong JSON types fail here).
  func decode<T: Decodable>(_ type: T.Type) -> T? {
    try? JSONDecoder().decode(type, from: Data(bytes))
  }
}

/// What went wrong talking to the server.
typealias RawFailure = LoopbackHTTPError

/// Requests over a raw loopback socket, so tests see exactly what is on the wire.
enum RawHTTPClient {
  static func request(
    port: Int, method: String, target: String, headers: [(String, String)] = [],
    body: [UInt8] = [], timeout: TimeInterval = 10
  ) -> Result<RawResponse, RawFailure> {
    do {
      return .success(
        try LoopbackHTTP.request(
          port: port, method: method, target: target, headers: headers, body: body,
          timeout: timeout))
    } catch let error as LoopbackHTTPError {
      return .failure(error)
    } catch {
      return .failure(.malformed)
    }
  }
}
