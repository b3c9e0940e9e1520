import Domain
import Foundation
import Glibc
import Testing

@testable import TUI

/// A runner that records effects and answers some of them at once.
final class RecordingRunner: EffectRunning {
  private(set) var effects: [Effect] = []
  private let answer: (Effect) -> Msg?

  init(answer: @escaping (Effect) -> Msg? = { _ in nil }) { self.answer = answer }

  func run(_ effect: Effect, post: @escaping @Sendable (Msg) -> Void) {
    effects.append(effect)
    if let msg = answer(effect) { post(msg) }
  }
}

@Suite("Main loop")
struct MainLoopTests {
  init() { _ = TestLocale.pinned }

  private func initial(_ size: ScreenSize = ScreenSize(width: 80, height: 24)) -> AppState {
    var state = AppState(profile: "default", tier: .agency, now: Fixtures.now, size: size)
    // Big fixtures are over the agency limit; keep the chooser out of the way.
    state.overLimitOffered = true
    return state
  }

  private func loadingRunner(_ count: Int) -> RecordingRunner {
    let snapshot = Fixtures.snapshot(accounts: count, now: Date(), tier: .agency)
    return RecordingRunner { effect in effect == .loadAccounts ? .accountsLoaded(snapshot) : nil }
  }

  private func freshRender(_ state: AppState) -> CellBuffer {
    var buffer = CellBuffer(width: 0, height: 0)
    render(state, into: &buffer)
    return buffer
  }

  @Test("the loop loads, draws, follows keys and quits on q with the screen matching the state")
  func runsAndQuits() {
    let screen = HeadlessScreen(size: ScreenSize(width: 80, height: 24), input: [])
    let runner = loadingRunner(20)
    let loop = MainLoop(state: initial(), screen: screen, runner: runner)
    screen.feed([.key(.char("j")), .key(.char("j")), .key(.char("q"))])
    let final = loop.run()
    #expect(runner.effects.first == .loadAccounts)
    #expect(final.accounts.accounts.count == 20)
    #expect(final.accounts.window.cursor == 2)
    #expect(screen.display == freshRender(final))
    #expect(!runner.effects.contains(.quit))
  }

  @Test("after the first frame, a keypress writes only the cells that changed")
  func writesOnlyChanges() {
    let size = ScreenSize(width: 200, height: 50)
    let screen = HeadlessScreen(size: size, input: [])
    let loop = MainLoop(state: initial(size), screen: screen, runner: loadingRunner(10_000))
    // "x" means nothing: its turn only brings the loaded accounts, so "j" gets a frame alone.
    screen.feed([.key(.char("x")), .key(.char("j")), .key(.char("q"))])
    _ = loop.run()
    let moveCost = screen.frameChanges.last ?? 0
    #expect(screen.frameChanges.first == size.width * size.height)
    #expect(moveCost > 0)
    #expect(moveCost < size.width * size.height / 10)
  }

  @Test("a result posted at once joins the frame of the key that asked for it")
  func quickResultsJoinTheFrame() {
    let snapshot = Fixtures.snapshot(accounts: 30, now: Date(), tier: .agency)
    let runner = RecordingRunner { effect in
      switch effect {
      case .loadAccounts: return .accountsLoaded(snapshot)
      case .loadVideos(let openID, let cursor):
        // One page only: a shorter page than the pane would be completed from TikTok.
        let page = Fixtures.videos(hasMore: false)
        return .videosLoaded(openID: openID, cursor: cursor, VideoPageReport(.success(page)))
      default: return nil
      }
    }
    let screen = HeadlessScreen(size: ScreenSize(width: 120, height: 30), input: [])
    let loop = MainLoop(
      state: initial(ScreenSize(width: 120, height: 30)), screen: screen,
      runner: runner)
    screen.feed([.key(.char("x")), .key(.char("j")), .key(.char("q"))])
    let final = loop.run()
    // The start ("Loading accounts…"), the list with the first account's videos, then `j` with
    // the second's: no frame shows "Loading…" only to be replaced on the next turn.
    #expect(screen.frameChanges.count == 3)
    #expect(final.detail.videos == .loaded(DetailPane.VideoList(Fixtures.videos(hasMore: false))))
    #expect(screen.display == freshRender(final))
  }

  @Test("a resize storm down to 1x1 ends with the screen equal to a fresh render")
  func resizeStorm() {
    var generator = SplitMix(seed: 7)
    var events: [InputEvent] = []
    for _ in 0..<300 {
      let size = ScreenSize(
        width: Int(generator.next() % 220) + 1, height: Int(generator.next() % 70) + 1)
      events.append(.resized(size))
      if generator.next() % 3 == 0 { events.append(.key(.char("j"))) }
    }
    events += [
      .resized(ScreenSize(width: 1, height: 1)), .resized(ScreenSize(width: 97, height: 31)),
      .key(.char("q")),
    ]
    let screen = HeadlessScreen(size: ScreenSize(width: 80, height: 24), input: events)
    let final = MainLoop(state: initial(), screen: screen, runner: loadingRunner(40)).run()
    #expect(final.size == ScreenSize(width: 97, height: 31))
    #expect(screen.display == freshRender(final))
  }

  @Test("copying goes to the terminal, not to the runner")
  func copyIsPerformedByTheLoop() {
    let prompt = States.prompt
    let runner = RecordingRunner { effect in
      switch effect {
      case .loadAccounts: .accountsLoaded(Fixtures.snapshot(accounts: 2, tier: .pro))
      case .startConnect(let id, _): .connectStarted(id, .success(prompt))
      default: nil
      }
    }
    let screen = HeadlessScreen(size: ScreenSize(width: 80, height: 24), input: [])
    screen.feed([.key(.char("c")), .key(.enter), .key(.char("y")), .key(.escape), .key(.char("q"))])
    _ = MainLoop(state: initial(), screen: screen, runner: runner).run()
    #expect(screen.clipboard == [prompt.authorizeURL])
    #expect(!runner.effects.contains { if case .copyToClipboard = $0 { true } else { false } })
    #expect(runner.effects.contains(.cancelConnect(AttemptID(1))))
  }

  @Test("a quit request from another thread ends the loop")
  func quitFromMailbox() {
    let screen = HeadlessScreen(size: ScreenSize(width: 80, height: 24))
    let mailbox = Mailbox()
    let runner = RecordingRunner { effect in
      if effect == .loadAccounts {
        Thread.detachNewThread { mailbox.post(.quitRequested) }
      }
      return nil
    }
    let loop = MainLoop(state: initial(), screen: screen, runner: runner, mailbox: mailbox)
    _ = loop.run()
    #expect(runner.effects == [.loadAccounts])
  }

  @Test("SIGHUP becomes a quit message through the dispatch source")
  func signalBecomesMessage() {
    let mailbox = Mailbox()
    let watcher = SignalWatcher(signals: [SIGHUP]) { _ in mailbox.post(.quitRequested) }
    defer { watcher.stop() }
    // Sent to the process (test threads block signals, so raise() would leave it pending on
    // this thread). The source registers asynchronously and the signal is ignored until then,
    // so it is sent again until it arrives or the deadline passes.
    let deadline = Date().addingTimeInterval(5)
    var received: [Msg] = []
    while received.isEmpty && Date() < deadline {
      kill(getpid(), SIGHUP)
      mailbox.wait(timeout: 0.05)
      received = mailbox.drain()
    }
    #expect(!received.isEmpty)
    #expect(received.allSatisfy { $0 == .quitRequested })
  }

  @Test(
    "a post makes the mailbox's wake descriptor readable, so a screen polling for keys wakes; drain clears it"
  )
  func mailboxWakesPoll() {
    let mailbox = Mailbox()
    func readable() -> Bool {
      var wait = [pollfd(fd: mailbox.wakeDescriptor, events: Int16(POLLIN), revents: 0)]
      return poll(&wait, 1, 0) == 1
    }
    #expect(mailbox.wakeDescriptor >= 0)
    #expect(!readable())
    for _ in 0..<70_000 { mailbox.post(.quitRequested) }  // more than a 64 KiB pipe holds
    #expect(readable())
    #expect(mailbox.drain().count == 70_000)
    #expect(!readable())
  }
}

/// A small deterministic generator for random sizes.
struct SplitMix {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

}
