import Foundation

/// The one main loop: drain the mailbox, read input briefly, update, hand effects to the runner,
/// render at most once per turn and only when the state changed, tick the clock.
public final class MainLoop {
  /// How long one turn waits for input.
  public static let inputTimeout: TimeInterval = 0.033
  /// How long a turn that started work waits for quick results (a cached page of videos) to
  /// join its frame, instead of drawing "Loading…" that the next turn would overwrite.
  public static let joinWindow: TimeInterval = 0.01

  public private(set) var state: AppState
  public let mailbox: Mailbox
  private let screen: any TerminalScreen
  private let runner: any EffectRunning
  private let clock: () -> Date
  /// What the screen shows now, and the buffer the next frame is drawn into (reused).
  private var front = CellBuffer(width: 0, height: 0)
  private var back = CellBuffer(width: 0, height: 0)
  private var quitting = false
  private var lastTick = Date.distantPast
  /// Whether this turn handed an effect to the runner.
  private var startedWork = false

  public init(
    state: AppState, screen: any TerminalScreen, runner: any EffectRunning,
    mailbox: Mailbox = Mailbox(), clock: @escaping () -> Date = Date.init
  ) {
    self.state = state
    self.screen = screen
    self.runner = runner
    self.mailbox = mailbox
    self.clock = clock
  }

  /// Runs until an effect says quit; returns the last state.
  @discardableResult
  public func run() -> AppState {
    let now = clock()
    lastTick = now
    dispatch([.resized(screen.size), .tick(now), .started])
    present(fullRepaint: true)
    while !quitting {
      var fullRepaint = false
      let events = screen.readInput(timeout: Self.inputTimeout, mailbox: mailbox)
      // Results posted while waiting came before the keys read at the end of the wait.
      var messages = mailbox.drain()
      for event in events {
        switch event {
        case .key(let key): messages.append(.key(key))
        case .mouse(let mouse): messages.append(.mouse(mouse))
        case .resized(let size):
          fullRepaint = true
          messages.append(.resized(size))
        }
      }
      let now = clock()
      let interval: TimeInterval = state.wantsFrequentTicks ? 0.1 : 1
      if now.timeIntervalSince(lastTick) >= interval || now < lastTick {
        lastTick = now
        messages.append(.tick(now))
      }
      guard !messages.isEmpty else { continue }
      let before = state
      startedWork = false
      dispatch(messages)
      if startedWork && !quitting { dispatch(quickResults()) }
      if fullRepaint || state != before { present(fullRepaint: fullRepaint) }
    }
    return state
  }

  /// What the runner posts within `joinWindow` (the first arrivals), or nothing.
  private func quickResults() -> [Msg] {
    let deadline = Date().addingTimeInterval(Self.joinWindow)
    var results: [Msg] = []
    while results.isEmpty && deadline.timeIntervalSinceNow > 0 {
      mailbox.wait(timeout: deadline.timeIntervalSinceNow)
      results = mailbox.drain()
    }
    return results
  }

  private func dispatch(_ messages: [Msg]) {
    for msg in messages {
      for effect in update(&state, msg) { perform(effect) }
    }
  }

  private func perform(_ effect: Effect) {
    switch effect {
    case .quit: quitting = true
    case .copyToClipboard(let text): screen.copyToClipboard(text)
    default:
      let mailbox = mailbox
      startedWork = true
      runner.run(effect) { mailbox.post($0) }
    }
  }

  private func present(fullRepaint: Bool) {
    render(state, into: &back)
    let changes =
      fullRepaint ? back.diff(from: CellBuffer(width: 0, height: 0)) : back.diff(from: front)
    if !changes.isEmpty || fullRepaint || back.links != front.links {
      screen.draw(changes, frame: back, fullRepaint: fullRepaint)
    }
    swap(&front, &back)
  }
}
