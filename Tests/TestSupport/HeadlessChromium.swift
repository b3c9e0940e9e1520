import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Debian's headless Chromium driven through chromedriver's WebDriver HTTP interface, so a test
/// can click through a real browser page.
public final class HeadlessChromium: @unchecked Sendable {
  private let driver = Process()
  private let port: Int
  private let session: String
  private let profile = TemporaryDirectory("chromium-profile")

  /// Whether chromium and chromedriver are installed (scripts/test installs them).
  public static var isAvailable: Bool {
    FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver")
      && FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium")
  }

  public init() throws {
    port = Int.random(in: 20000...40000)
    driver.executableURL = URL(fileURLWithPath: "/usr/bin/chromedriver")
    driver.arguments = ["--port=\(port)"]
    driver.standardOutput = FileHandle.nullDevice
    driver.standardError = FileHandle.nullDevice
    try driver.run()
    let base = "http://127.0.0.1:\(port)"
    guard eventually(timeout: 15, { (try? LoopbackHTTP.request("GET", "\(base)/status"))?.status == 200 }) else {
      throw HeadlessChromiumError.driverDidNotStart
    }
    let capabilities = """
      {"capabilities":{"alwaysMatch":{"goog:chromeOptions":{"binary":"/usr/bin/chromium",\
      "args":["--headless=new","--no-sandbox","--disable-gpu","--disable-dev-shm-usage",\
      "--user-data-dir=\(profile.path)"]}}}}
      """
    let created = try Self.call("POST", "\(base)/session", body: capabilities)
    guard let value = created["value"] as? [String: Any], let id = value["sessionId"] as? String else {
      throw HeadlessChromiumError.noSession(String(describing: created))
    }
    session = id
  }

  deinit {
    _ = try? Self.call("DELETE", "http://127.0.0.1:\(port)/session/\(session)", body: nil)
    driver.terminate()
    // Not `waitUntilExit`: it can hang when called off the thread that started the process.
    _ = eventually(timeout: 5) { !driver.isRunning }
  }

  private var base: String { "http://127.0.0.1:\(port)/session/\(session)" }

  /// Loads `url` and waits for the page.
  public func navigate(_ url: String) throws {
    _ = try Self.call("POST", "\(base)/url", body: Self.json(["url": url]))
  }

  /// Clicks the first element matching a CSS selector.
  public func click(_ selector: String) throws {
    let found = try Self.call("POST", "\(base)/element", body: Self.json(["using": "css selector", "value": selector]))
    guard let value = found["value"] as? [String: Any], let element = value.values.first as? String else {
      throw HeadlessChromiumError.noElement(selector)
    }
    _ = try Self.call("POST", "\(base)/element/\(element)/click", body: "{}")
  }

  /// The URL of the current page.
  public func currentURL() throws -> String {
    (try Self.call("GET", "\(base)/url", body: nil)["value"] as? String) ?? ""
  }

  /// The visible text of the current page.
  public func pageText() throws -> String {
    let found = try Self.call("POST", "\(base)/element", body: Self.json(["using": "css selector", "value": "body"]))
    guard let value = found["value"] as? [String: Any], let element = value.values.first as? String else { return "" }
    return (try Self.call("GET", "\(base)/element/\(element)/text", body: nil)["value"] as? String) ?? ""
  }

  private static func json(_ object: [String: String]) -> String {
    (try? JSONSerialization.data(withJSONObject: object)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
  }

  private static func call(_ method: String, _ url: String, body: String?) throws -> [String: Any] {
    let response = try LoopbackHTTP.request(
      method, url, headers: [("Content-Type", "application/json; charset=utf-8")], body: body ?? "",
      timeout: 60)
    let object = try JSONSerialization.jsonObject(with: Data(response.body.utf8))
    return object as? [String: Any] ?? [:]
  }
}

public enum HeadlessChromiumError: Error {
  case driverDidNotStart
  case noSession(String)
  case noElement(String)
}
