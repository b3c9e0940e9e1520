import Domain
import Foundation
import Storage

/// Why a bench command stopped.
struct BenchFailure: Error, CustomStringConvertible {
  let description: String

  init(_ description: String) { self.description = description }
}

/// `COMMAND [--flag] [--option value]...`, as much as the bench commands need.
struct BenchArguments {
  var command = ""
  var flags: Set<String> = []
  var options: [String: String] = [:]

  init(_ words: [String]) {
    command = words.first ?? ""
    var index = 1
    while index < words.count {
      let word = words[index]
      if index + 1 < words.count, !words[index + 1].hasPrefix("--") {
        options[word] = words[index + 1]
        index += 2
      } else {
        flags.insert(word)
        index += 1
      }
    }
  }

  func integer(_ name: String, default value: Int, minimum: Int = 1) throws -> Int {
    guard let text = options[name] else { return value }
    guard let number = Int(text), number >= minimum else {
      throw BenchFailure("\(name) needs a whole number >= \(minimum)")
    }
    return number
  }
}

/// One bench result: a flat JSON object.
struct BenchReport {
  var fields: [String: Any] = [:]

  subscript(key: String) -> Any? {
    get { fields[key] }
    set { fields[key] = newValue }
  }

  func print() {
    let options: JSONSerialization.WritingOptions = [.sortedKeys]
    guard let data = try? JSONSerialization.data(withJSONObject: fields, options: options) else {
      FileHandle.standardError.write(Data("TractokBench: result not representable\n".utf8))
      return
    }
    FileHandle.standardOutput.write(data + Data("\n".utf8))
  }
}

/// Monotonic seconds, for intervals.
func monotonicSeconds() -> Double {
  var now = timespec()
  clock_gettime(CLOCK_MONOTONIC, &now)
  return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}

/// User plus system CPU seconds this process has used.
func processCPUSeconds() -> Double {
  var usage = rusage()
  getrusage(RUSAGE_SELF.rawValue, &usage)
  let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
  let system = Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
  return user + system
}

/// The database tractok itself would open with this configuration.
func openStore(_ configuration: Configuration) throws -> Store {
  try Store.open(home: configuration.home, environmentKey: configuration.encryptionKey)
}

/// The app the environment describes (TIKTOK_CLIENT_KEY, TIKTOK_CLIENT_SECRET, the base URLs),
/// which the benchmarks talk to, with its credentials.
func environmentApp(_ configuration: Configuration, for use: String) throws
  -> (app: ResolvedApp, credentials: ClientCredentials)
{
  let none = ClientCredentials(clientKey: "", clientSecret: Secret(""))
  let app = try AppCatalog(environment: configuration.apps, records: [], sandbox: none)
    .forProfile(nil)
  guard app.name == AppRecord.environment, let secret = app.clientSecret.value else {
    throw BenchFailure("\(use) needs TIKTOK_CLIENT_KEY/SECRET and TIKTOK_API_BASE_URL")
  }
  return (app, ClientCredentials(clientKey: app.clientKey.value, clientSecret: secret))
}
