import Foundation
import Testing
import TestSupport

@Suite("Shell completion: the scripts load in bash, zsh and fish and complete account names")
struct CompletionTests {
  /// Two sandbox accounts (@mayacooks, @novastars) and the environment a shell needs to run the
  /// binary under test by its name.
  func world() throws -> (SandboxWorld, [String: String]) {
    let world = try SandboxWorld()
    try world.connectAccounts(2)
    let directory = URL(fileURLWithPath: TractokBinary.path).deletingLastPathComponent().path
    var environment = world.environment()
    environment["PATH"] = "\(directory):/usr/bin:/bin"
    return (world, environment)
  }

  /// Runs a shell command line with `environment`, returning what it printed.
  func shell(_ program: String, _ script: String, _ environment: [String: String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: program)
    process.arguments = ["-c", script]
    process.environment = environment
    let out = Pipe()
    process.standardOutput = out
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
  }

  @Test("__complete accounts lists the profile's accounts, one per line, and nothing on failure")
  func completeAccounts() throws {
    let (world, _) = try world()
    #expect(try world.run(["__complete", "accounts"]).stdout == "@mayacooks\n@novastars\n")
    #expect(try world.run(["--profile", "other", "__complete", "accounts"]).stdout.isEmpty)
  }

  @Test("bash completes commands, fixed words and an account name after @")
  func bash() throws {
    let (world, environment) = try world()
    defer { withExtendedLifetime(world) {} }
    /// Completes the end of `line`, which bash split into `words`.
    func complete(_ line: String, _ words: [String]) throws -> [String] {
      let array = words.map { "'\($0)'" }.joined(separator: " ")
      let script = """
        source <(tractok completion bash)
        COMP_LINE='\(line)'; COMP_POINT=${#COMP_LINE}; COMP_WORDS=(\(array)); COMP_CWORD=\(words.count - 1)
        _tractok; printf '%s\\n' "${COMPREPLY[@]}"
        """
      return try shell("/bin/bash", script, environment).split(separator: "\n").map(String.init)
    }
    #expect(try complete("tractok to", ["tractok", "to"]) == ["token"])
    #expect(try complete("tractok tier s", ["tractok", "tier", "s"]) == ["set"])
    // Bash splits `@may` at '@': the reply is the rest of the name.
    #expect(try complete("tractok token @may", ["tractok", "token", "@", "may"]) == ["mayacooks"])
    #expect(try complete("tractok status ", ["tractok", "status", ""]).contains("@novastars"))
    #expect(try complete("tractok token --min", ["tractok", "token", "--min"]) == ["--min-valid"])
    #expect(try complete("tractok --profile other token @", ["tractok", "--profile", "other", "token", "@", ""]).isEmpty)
    // Several apps: the subcommands of app and profile, and sandbox's repeatable --app.
    #expect(try complete("tractok ap", ["tractok", "ap"]) == ["app"])
    #expect(try complete("tractok app re", ["tractok", "app", "re"]) == ["remove"])
    #expect(try complete("tractok app add x --cl", ["tractok", "app", "add", "x", "--cl"]) == ["--client-key"])
    #expect(try complete("tractok profile se", ["tractok", "profile", "se"]) == ["set-app"])
    #expect(try complete("tractok sandbox --ap", ["tractok", "sandbox", "--ap"]) == ["--app"])
  }

  @Test("fish completes an account name")
  func fish() throws {
    let (world, environment) = try world()
    defer { withExtendedLifetime(world) {} }
    let output = try shell(
      "/usr/bin/fish", "tractok completion fish | source; complete -C'tractok token @n'", environment)
    #expect(output.split(separator: "\n").map(String.init) == ["@novastars"])
  }

  @Test("zsh completes an account name in a real interactive shell")
  func zsh() throws {
    let (world, environment) = try world()
    defer { withExtendedLifetime(world) {} }
    let session = try TmuxSession(command: "zsh -f", environment: environment, width: 100, height: 20)
    #expect(eventually(timeout: 10) { (try? session.screen())?.contains("#") == true })
    try session.type("autoload -Uz compinit && compinit -u && source <(tractok completion zsh) && echo LOADED")
    try session.send("Enter")
    #expect(eventually(timeout: 10) { (try? session.screen())?.contains("\nLOADED") == true })
    try session.type("tractok token @may")
    try session.send("Tab")
    #expect(eventually(timeout: 10) { (try? session.screen())?.contains("tractok token @mayacooks") == true })
  }
}
