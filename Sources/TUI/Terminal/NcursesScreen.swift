import CNcursesw
import Domain
import Foundation
import Glibc

/// The real terminal. Every ncurses call in tractok lives in this type and runs on the loop's
/// thread. Frames arrive as changed cells and leave through `mvwadd_wch` plus one `doupdate`.
public final class NcursesScreen: TerminalScreen {
  public private(set) var size: ScreenSize
  private let window: UnsafeMutablePointer<WINDOW>
  private let output: UnsafeMutablePointer<FILE>
  private let theme: Theme
  /// ncurses attributes and colour pair per `Style.rawValue`.
  private var attributes: [attr_t] = []
  private var pairs: [Int16] = []
  private var shownLinks: [LinkRun] = []

  /// Sets the terminal up, runs `body` with the screen, and restores the terminal on every way
  /// out through one `defer { endwin() }`. Throws before touching the terminal when there is none.
  public static func withTerminal<T>(
    environment: [String: String], _ body: (NcursesScreen) throws -> T
  ) throws -> T {
    TerminalText.useUTF8Locale()
    guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
      throw DomainError.failed(
        "the full-screen UI needs a terminal; scripts can use the subcommands (tractok --help)")
    }
    let term = environment["TERM"] ?? ""
    guard !term.isEmpty, term != "dumb" else {
      throw DomainError.failed(
        "the full-screen UI needs a terminal that can move the cursor (TERM is "
          + "\"\(UntrustedText.sanitize(term))\"); try TERM=xterm-256color")
    }
    // Duplicates, so closing these streams at the end leaves the process's own stdio open.
    guard let output = fdopen(dup(STDOUT_FILENO), "w"), let input = fdopen(dup(STDIN_FILENO), "r")
    else { throw DomainError.failed("could not open the terminal") }
    defer {
      fclose(output)
      fclose(input)
    }
    let crashGuard = TerminalCrashGuard.shared
    crashGuard.saveTerminalMode()
    guard let screen = newterm(nil, output, input) else {
      let name = UntrustedText.sanitize(environment["TERM"] ?? "")
      throw DomainError.failed(
        "the terminal type \"\(name)\" is unknown to ncurses; try TERM=xterm-256color")
    }
    defer {
      endwin()
      delscreen(screen)
      crashGuard.disarm()
    }
    crashGuard.arm(restoring: restoreSequence())
    let terminal = NcursesScreen(output: output, environment: environment)
    return try body(terminal)
  }

  private init(output: UnsafeMutablePointer<FILE>, environment: [String: String]) {
    self.output = output
    window = tk_stdscr()
    raw()
    noecho()
    nonl()
    keypad(window, true)
    set_escdelay(25)
    curs_set(0)
    // The cursor is hidden, so ncurses need not put it back after each update: fewer bytes.
    leaveok(window, true)
    var support = ColorSupport.none
    var defaultColors = false
    if has_colors() {
      start_color()
      defaultColors = use_default_colors() == tk_ok()
      support = ColorSupport.detect(colors: Int(tk_colors()), environment: environment)
    }
    theme = Theme(support: support)
    mousemask(tk_mouse_clicks(), nil)
    // Report presses at once instead of waiting to see whether they become clicks.
    mouseinterval(0)
    size = ScreenSize(width: Int(tk_cols()), height: Int(tk_lines()))
    setUpStyles(defaultColors: defaultColors)
  }

  private func setUpStyles(defaultColors: Bool) {
    var pairNumbers: [[Int16]: Int16] = [:]
    for style in Style.allCases {
      let look = theme.appearance(for: style)
      var attrs = tk_a_normal()
      if look.bold { attrs |= tk_a_bold() }
      if look.dim { attrs |= tk_a_dim() }
      if look.reverse { attrs |= tk_a_reverse() }
      if look.underline { attrs |= tk_a_underline() }
      var pair: Int16 = 0
      if theme.support != .none {
        let colors = [
          Self.color(look.foreground, fallback: 7, defaultColors: defaultColors),
          Self.color(look.background, fallback: 0, defaultColors: defaultColors),
        ]
        if colors != [-1, -1] {
          if let known = pairNumbers[colors] {
            pair = known
          } else {
            pair = Int16(pairNumbers.count + 1)
            pairNumbers[colors] = pair
            init_pair(pair, colors[0], colors[1])
          }
        }
      }
      attributes.append(attrs)
      pairs.append(pair)
    }
  }

  private static func color(_ color: TerminalColor, fallback: Int16, defaultColors: Bool) -> Int16 {
    switch color {
    case .terminalDefault: defaultColors ? -1 : fallback
    case .index(let index): Int16(clamping: index)
    }
  }

  public func readInput(timeout: TimeInterval, mailbox: Mailbox) -> [InputEvent] {
    // What ncurses has buffered, or the terminal has sent, first; else sleep until a key, a
    // posted result (the accounts loaded) or the timeout, whichever comes first. A resize
    // interrupts the wait and shows as ncurses' KEY_RESIZE.
    let typed = readAvailable()
    guard typed.isEmpty else { return typed }
    var waits = [
      pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
      pollfd(fd: mailbox.wakeDescriptor, events: Int16(POLLIN), revents: 0),
    ]
    _ = poll(&waits, nfds_t(waits.count), Int32(timeout * 1000))
    return readAvailable()
  }

  /// The keys, mouse reports and resizes that have arrived, without waiting for more.
  private func readAvailable() -> [InputEvent] {
    var events: [InputEvent] = []
    wtimeout(window, 0)
    // Everything already typed or pasted is read in the same turn, so a paste costs one frame.
    while events.count < 4096 {
      var character: wint_t = 0
      let result = wget_wch(window, &character)
      if result == tk_err() { break }
      if result == tk_key_code_yes() {
        let code = Int32(bitPattern: character)
        if code == tk_key_resize() {
          // ncurses has already resized its windows when it reports KEY_RESIZE.
          size = ScreenSize(width: Int(tk_cols()), height: Int(tk_lines()))
          events.append(.resized(size))
        } else if code == tk_key_mouse() {
          if let mouse = mouseEvent() { events.append(.mouse(mouse)) }
        } else if let key = Key.fromKeyCode(code) {
          events.append(.key(key))
        }
      } else if let key = Key.fromCharacter(character) {
        events.append(.key(key))
      }
    }
    return events
  }

  private func mouseEvent() -> MouseEvent? {
    var event = MEVENT()
    guard getmouse(&event) == tk_ok() else { return nil }
    let point = Point(x: Int(event.x), y: Int(event.y))
    if tk_mouse_is_wheel_up(event.bstate) != 0 { return .wheelUp(point) }
    if tk_mouse_is_wheel_down(event.bstate) != 0 { return .wheelDown(point) }
    if tk_mouse_is_click(event.bstate) != 0 { return .click(point) }
    return nil
  }

  public func draw(_ changes: [CellChange], frame: CellBuffer, fullRepaint: Bool) {
    if fullRepaint { clearok(window, true) }
    var cell = cchar_t()
    var text = [wchar_t](repeating: 0, count: TerminalText.maxScalarsPerCell + 1)
    for change in changes {
      var count = 0
      for scalar in change.cell.grapheme.unicodeScalars where count < TerminalText.maxScalarsPerCell
      {
        text[count] = wchar_t(bitPattern: scalar.value)
        count += 1
      }
      text[count] = 0
      let style = Int(change.cell.style.rawValue)
      _ = tk_setcchar(&cell, text, attributes[style], pairs[style])
      // The bottom-right cell reports ERR (the cursor cannot move past it) but is written.
      _ = mvwadd_wch(window, Int32(change.y), Int32(change.x), &cell)
    }
    let linksMoved = frame.links != shownLinks
    if linksMoved {
      // Cells that lost their link must be rewritten even if their text did not change.
      for run in shownLinks where run.y < size.height { wredrawln(window, Int32(run.y), 1) }
    }
    wnoutrefresh(window)
    doupdate()
    let touched = changes.contains { change in
      frame.links.contains { $0.y == change.y && change.x >= $0.x && change.x < $0.x + $0.width }
    }
    if linksMoved || touched || fullRepaint { writeLinks(frame) }
    shownLinks = frame.links
  }

  public func copyToClipboard(_ text: String) {
    writeRaw(TerminalSequences.copy(text))
  }

  /// Re-writes linked runs wrapped in OSC 8, after ncurses drew them. DECSC/DECRC around it
  /// restore the cursor and attributes, so ncurses's idea of the terminal stays true.
  private func writeLinks(_ frame: CellBuffer) {
    guard !frame.links.isEmpty else { return }
    writeRaw(TerminalSequences.links(frame, style: theme.appearance(for: .link)))
  }

  private func writeRaw(_ text: String) {
    fflush(output)
    let descriptor = fileno(output)
    var bytes = Array(text.utf8)[...]
    while !bytes.isEmpty {
      let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
      if written < 0 && errno == EINTR { continue }
      guard written > 0 else { return }
      bytes = bytes.dropFirst(written)
    }
  }

  /// What a crash must write to leave the terminal usable: the terminal's own strings to leave
  /// the alternate screen, show the cursor, reset attributes and keypad mode, plus mouse off.
  private static func restoreSequence() -> [UInt8] {
    var bytes: [UInt8] = []
    for capability in ["sgr0", "cnorm", "rmkx", "rmcup"] {
      guard let pointer = tigetstr(capability), Int(bitPattern: pointer) != -1 else { continue }
      bytes += Array(String(cString: pointer).utf8)
    }
    return bytes + Array(TerminalSequences.mouseOff.utf8)
  }
}
