import Domain
import Foundation
import Sandbox
import Storage

/// `tractok sandbox`: serves the built-in TikTok stand-in on loopback until interrupted.
enum SandboxCommand: SynchronousCommand {
  static let name = "sandbox"
  static let summary = "serve the built-in TikTok sandbox on loopback and print how to use it"
  static let usage =
    "sandbox [--port N] [--access-ttl S] [--refresh-ttl S] [--rate-limit N] [--app KEY:SECRET]"
  static let details = """
    Serves TikTok's endpoints (authorize page, token exchange with the hex PKCE check, refresh
    with strict rotation, revoke, user info, video list, QR login with a page that plays the
    phone) on 127.0.0.1, and prints the environment that points tractok at it. Besides its
    built-in app it registers every --app, and gives one sandbox user a different open_id in
    each app (as TikTok does) with the same union_id. Its control
    page, http://127.0.0.1:PORT/_sandbox/, lists the control endpoints: POST /_sandbox/faults
    injects faults, GET /_sandbox/ledger shows the ledger of issued tokens. Only you (and the
    users in TRACTOK_CALLBACK_USERS) get an answer; other users of the machine get 403. Stops on
    Ctrl-C.

    Options:
      --port N          listen on port N (default: a free port)
      --access-ttl S    access tokens live S seconds (default 7200)
      --refresh-ttl S   refresh tokens live S seconds (default 15552000)
      --rate-limit N    requests per minute per endpoint and token (default 600, 0 = none)
      --app KEY:SECRET  also register this app (repeatable); its secret opens only the sandbox
    """
  static let spec = ArgumentSpec(
    options: ["--port", "--access-ttl", "--refresh-ttl", "--rate-limit"], repeatable: ["--app"])

  static func run(_ arguments: Arguments, _ context: Context) throws(CommandFailure) -> ExitCode {
    var settings = SandboxSettings()
    let longest = Arguments.longestDuration
    if let port = try arguments.wholeNumber("--port", in: 1...65535) { settings.port = port }
    if let ttl = try arguments.wholeNumber("--access-ttl", in: 1...longest) {
      settings.accessTTL = ttl
    }
    if let ttl = try arguments.wholeNumber("--refresh-ttl", in: 1...longest) {
      settings.refreshTTL = ttl
    }
    if let limit = try arguments.wholeNumber("--rate-limit", in: 0...1_000_000) {
      settings.rateLimit = limit
    }
    for pair in arguments.repeated["--app"] ?? [] {
      guard let app = SandboxApp(pair: pair), app.clientKey != settings.clientKey,
        !settings.apps.contains(where: { $0.clientKey == app.clientKey })
      else {
        throw .usage(
          "--app needs KEY:SECRET with a new client key, not \(UntrustedArgument.show(pair))")
      }
      settings.apps.append(app)
    }
    let server: SandboxServer
    do {
      server = try SandboxServer(
        settings: settings, access: CallbackUsers.access(context.configuration),
        digest: OpenSSLDigest())
    } catch LoopbackServerError.addressInUse(let interface, let port) {
      let holder = PortHolders.find(interface, port: port)
      let reason = ListenerProblem.inUse(interface, port: port).reason(holder: holder)
      throw .failure("\(reason); choose another port with --port")
    } catch let error as DomainError {
      throw .failure(error.message)
    } catch {
      throw .failure("cannot start the sandbox: \(error)")
    }
    context.output.line("tractok sandbox listening on \(server.baseURL)")
    context.output.line("Point tractok at it from another shell:\n")
    context.output.line(server.environmentHint())
    context.output.line("\nControl page: \(server.controlPageURL)  (Ctrl-C stops)")
    let stop = DispatchSemaphore(value: 0)
    let signals = SignalWatcher { _ in stop.signal() }
    stop.wait()
    signals.stop()
    server.stop()
    return .ok
  }
}
