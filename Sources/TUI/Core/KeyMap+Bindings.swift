extension KeyMap {
  /// The key table of a context. Contexts with a text field bind only keys that cannot be typed
  /// as text (plus the connect dialog's action letters while its field is not focused).
  public static func bindings(for context: KeyContext) -> [KeyBinding] {
    typealias B = KeyBinding
    let quit = B([.char("q")], .command(.quit), "q", "quit", help: "quit (asks while connecting)")
    switch context {
    case .tooSmall:
      return [quit]
    case .browsing(let browsing):
      // Ordered by how much the footer needs them: it drops hints from the end when narrow
      // (and then says `? more`).
      var table: [B] = []
      if browsing.errorShown {
        table.append(
          B(
            [.escape], .command(.dismissNotice), "Esc", "dismiss",
            help: "take the error off the status line (m still shows it)"))
      }
      table += [
        B(
          [.char("j"), .down], .accounts(.move(1)), "j/k", "move",
          help: "move the cursor (also ↓/↑)"),
        B([.char("k"), .up], .accounts(.move(-1))),
        B(
          [.enter], .accounts(.selectCursor), "Enter", "select",
          help: "make the account under the cursor the current one"),
        B(
          [.char("s"), .tab], .command(.openSwitcher), "s", "switch",
          help: "open the account switcher (also Tab)"),
        browsing.reconnect
          ? B(
            [.char("c")], .command(.openConnect), "c", "reconnect",
            help: "reconnect the account under the cursor (no new slot)")
          : B(
            [.char("c")], .command(.openConnect), "c", "connect",
            help: "connect an account (browser, QR code or paste-back); on an expired or "
              + "revoked account, reconnect it"),
        B(
          [.char("r")], .command(.refreshCursor), "r", "refresh",
          help: "refresh the access token now"),
        B(
          [.char("d")], .command(.askDisconnect), "d", "disconnect",
          help: "disconnect the account (asks first)"),
      ]
      if browsing.filterApplied {
        table.append(
          B([.escape], .accounts(.filterCancel), "Esc", "clear filter", help: "clear the filter"))
      }
      table += [
        B(
          [.char("/")], .accounts(.beginFilter), "/", "filter",
          help: "filter the list by name, @username or open_id"),
        B(
          [.char("R")], .command(.syncCursor), "R", "sync",
          help: "sync profile and videos from TikTok"),
        B(
          [.char("]")], .detail(.nextPage), "[ ]", "videos",
          help: "newer / older page of videos (more are fetched from TikTok as needed)"),
        B([.char("[")], .detail(.previousPage)),
        B(
          [.char("m")], .command(.openMessages), "m", "messages",
          help: "the messages of this session in full, with TikTok's log_id"),
        B(
          [.pageDown], .accounts(.page(1)),
          hint: .init(keys: "PgDn/PgUp", action: "page", help: "page through the list")),
        B([.pageUp], .accounts(.page(-1))),
        B(
          [.char("g"), .home], .accounts(.first),
          hint: .init(
            keys: "g/G", action: "first/last", help: "first / last account (also Home/End)")),
        B([.char("G"), .end], .accounts(.last)),
      ]
      if browsing.overLimit {
        table.append(
          B(
            [.char("o")], .command(.openOverLimit), "o", "choose active",
            help: "choose which accounts stay active"))
      }
      if browsing.sandbox {
        table.append(
          B(
            [.char("S")], .command(.openSandbox), "S", "sandbox",
            help: "the sandbox's control page: its address and fault switches"))
      }
      return table + [B([.char("?")], .command(.openHelp), "?", "help"), quit]
    case .filtering:
      return [
        B([.enter], .accounts(.filterDone), "Enter", "keep filter"),
        B([.escape], .accounts(.filterCancel), "Esc", "clear"),
        B([.down], .accounts(.move(1)), "↓/↑", "move"),
        B([.up], .accounts(.move(-1))),
        B([.backspace, .delete], .accounts(.filterErase)),
        B([.ctrl("u")], .accounts(.filterClear), "Ctrl-U", "erase", help: "erase the filter text"),
      ]
    case .switcher:
      return [
        B(
          [.down, .tab, .ctrl("n")], .switcher(.move(1)), "↓/↑", "move",
          help: "move (also Tab, Ctrl-N/Ctrl-P)"),
        B([.up, .backTab, .ctrl("p")], .switcher(.move(-1))),
        B(
          [.enter], .switcher(.choose), "Enter", "select",
          help: "make the highlighted account the current one"),
        B([.escape], .switcher(.close), "Esc", "close"),
        B([.backspace, .delete], .switcher(.erase)),
        B([.ctrl("u")], .switcher(.clear), "Ctrl-U", "erase", help: "erase the search text"),
      ]
    case .connectChoosing:
      return [
        B(
          [.char("j"), .down], .connect(.moveChoice(1)), "j/k", "choose",
          help: "choose a method (also ↓/↑)"),
        B([.char("k"), .up], .connect(.moveChoice(-1))),
        B(
          [.char("1")], .connect(.choose(.browser)), "1–3", "start method", short: "method",
          help: "start browser (1), QR code (2) or paste-back (3)"),
        B([.char("2")], .connect(.choose(.qrCode))),
        B([.char("3")], .connect(.choose(.pasteBack))),
        B([.enter], .connect(.start), "Enter", "start"),
        B([.escape], .connect(.close), "Esc", "cancel"),
        quit,
      ]
    case .connectBusy:
      return [B([.escape], .connect(.cancel), "Esc", "cancel"), quit]
    case .connectWaiting(let canApprove, let listening):
      var table = [
        B(
          [.char("y")], .connect(.copyLink), "y", "copy link", short: "copy",
          help: "copy the link to the clipboard (OSC 52)"),
        B(
          [.tab], .connect(.focusPaste), "Tab", "paste field", short: "paste",
          help: "type or paste the address the browser ended on"),
        B([.enter], .connect(.submitPaste)),
        B([.backspace, .delete], .connect(.pasteErase)),
      ]
      if !listening {
        // A pasted address starts with a letter, `/`, `?` or `127.`: 2 is free for this.
        table.append(
          B(
            [.char("2")], .connect(.choose(.qrCode)), "2", "QR",
            help: "when the browser cannot come back: scan a QR code instead"))
      }
      if canApprove {
        table.append(
          B(
            [.char("a")], .connect(.approveInSandbox), "a", "approve in sandbox",
            short: "approve", help: "let the built-in sandbox approve as the user"))
      }
      return table + [B([.escape], .connect(.cancel), "Esc", "cancel"), quit]
    case .connectPaste:
      return [
        B(
          [.enter], .connect(.submitPaste), "Enter", "submit",
          help: "check the pasted address and finish"),
        B(
          [.escape, .tab], .connect(.focusActions), "Esc", "back",
          help: "leave the paste field (also Tab)"),
        B([.backspace, .delete], .connect(.pasteErase)),
        B([.ctrl("u")], .connect(.pasteClear), "Ctrl-U", "erase", help: "erase the pasted text"),
      ]
    case .connectQR(let canApprove):
      var table = [
        B(
          [.char("n")], .connect(.newQRCode), "n", "new code", short: "new",
          help: "get a new QR code"),
        B(
          [.char("y")], .connect(.copyLink), "y", "copy link", short: "copy",
          help: "copy the code's link, to open on the phone that has TikTok (OSC 52)"),
        B(
          [.char("p")], .connect(.choose(.pasteBack)), "p", "paste-back", short: "paste",
          help: "sign in through a link instead and paste back where the browser ended"),
      ]
      if canApprove {
        table.append(
          B(
            [.char("a")], .connect(.approveInSandbox), "a", "approve in sandbox",
            short: "approve", help: "let the sandbox play the phone's part"))
      }
      return table + [B([.escape], .connect(.cancel), "Esc", "cancel"), quit]
    case .connectResult(let failed):
      var table = [
        B([.enter, .escape], .connect(.close), "Enter", "close"),
        B([.char("c")], .connect(.again), "c", "connect another"),
      ]
      if failed { table.append(B([.char("r")], .connect(.start), "r", "try again")) }
      return table + [quit]
    case .quitQuestion:
      return [
        B([.char("y")], .command(.quitNow), "y", "quit", help: "cancel the connection and quit"),
        B([.char("n"), .escape], .connect(.stayOpen), "n", "stay"),
      ]
    case .disconnectConfirm:
      return [
        B(
          [.char("y")], .disconnect(.confirm), "y", "disconnect",
          help: "revoke at TikTok and delete the tokens here"),
        B([.char("n"), .escape], .disconnect(.close), "n", "keep"),
      ]
    case .disconnectBusy, .upgradeBusy, .overLimitBusy:
      return []
    case .disconnectDone:
      return [B([.enter, .escape, .char(" ")], .disconnect(.close), "Enter", "close"), quit]
    case .upgrade(let canUpgrade):
      var table: [B] = []
      if canUpgrade {
        table.append(
          B(
            [.char("u")], .upgrade(.upgradeNow), "u", "upgrade now",
            help: "move the profile to the next tier (asks first)"))
      }
      return table + [
        B(
          [.char("c")], .upgrade(.connectAnyway), "c", "reconnect anyway",
          help: "connect anyway to reconnect an account you already have"),
        B([.escape, .enter], .upgrade(.close), "Esc", "close"),
        quit,
      ]
    case .upgradeConfirm:
      return [
        B([.char("y")], .upgrade(.confirm), "y", "upgrade", help: "change the tier now"),
        B([.char("n"), .escape], .upgrade(.keep), "n", "keep the tier"),
      ]
    case .overLimit:
      return [
        B([.char("j"), .down], .overLimit(.move(1)), "j/k", "move", help: "move (also ↓/↑)"),
        B([.char("k"), .up], .overLimit(.move(-1))),
        B(
          [.char(" "), .char("x")], .overLimit(.toggle), "Space", "tick",
          help: "tick or untick: ticked accounts stay active"),
        B([.enter], .overLimit(.confirm), "Enter", "save"),
        B([.escape], .overLimit(.close), "Esc", "later"),
        quit,
      ]
    case .messages:
      return [
        B(
          [.down, .char("j")], .messages(.scroll(1)), "↓/↑", "scroll",
          help: "scroll (also j/k)"),
        B([.up, .char("k")], .messages(.scroll(-1))),
        B([.pageDown], .messages(.scroll(10)), "PgDn/PgUp", "page"),
        B([.pageUp], .messages(.scroll(-10))),
        B([.escape, .char("m")], .messages(.close), "Esc", "close"),
      ]
    case .sandbox:
      return [
        B(
          [.char("y")], .sandbox(.copyAddress), "y", "copy address",
          help: "copy the control page's address (OSC 52)"),
        B([.escape, .enter, .char("S")], .sandbox(.close), "Esc", "close"),
        quit,
      ]
    case .help:
      return [
        B([.down], .help(.scroll(1)), "↓/↑", "scroll"),
        B([.up], .help(.scroll(-1))),
        B([.pageDown], .help(.scroll(10))),
        B([.pageUp], .help(.scroll(-10))),
        B([.backspace, .delete], .help(.erase)),
        B([.ctrl("u")], .help(.clear)),
        B([.escape], .help(.close), "Esc", "close"),
      ]
    }
  }
}
