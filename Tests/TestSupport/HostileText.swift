/// Text written to break terminals, for display names, bios, titles and error messages: escape
/// sequences of every kind, C0 and C1 controls, bidi overrides, invisible characters, stacked
/// combining marks, wide characters, emoji sequences and flags. Deterministic, so a failure
/// repeats; end-to-end, TUI and stress tests share it.
public enum HostileText {
  /// Escape sequences: CSI, OSC, DCS, SOS, PM, APC and two-byte escapes, whole and cut short.
  public static let escapes: [String] = [
    "\u{1B}[2J", "\u{1B}[H", "\u{1B}[31m", "\u{1B}[0m", "\u{1B}[5mblink", "\u{1B}[?25l",
    "\u{1B}[?1049l", "\u{1B}[?1000h", "\u{1B}[6n", "\u{1B}[c", "\u{1B}[>c", "\u{1B}[3;1H",
    "\u{1B}[1A\u{1B}[2K", "\u{1B}[38;5;196mred", "\u{1B}[48;2;255;0;0mbg", "\u{1B}[1;1r",
    "\u{1B}[200~paste\u{1B}[201~", "\u{1B}[?2004h", "\u{1B}[8;1;1t", "\u{1B}[21t",
    "\u{1B}[4i", "\u{1B}[?1;2c", "\u{1B}[99999999999999999999C", "\u{1B}[", "\u{1B}[31;",
    "\u{1B}]0;pwned\u{07}", "\u{1B}]2;window title\u{1B}\\", "\u{1B}]52;c;cHduZWQ=\u{07}",
    "\u{1B}]8;;http://evil.example/\u{1B}\\click me\u{1B}]8;;\u{1B}\\",
    "\u{1B}]4;1;rgb:ff/00/00\u{07}", "\u{1B}]1337;File=inline=1:AAAA\u{07}",
    "\u{1B}]0;never terminated", "\u{1B}P+q544e\u{1B}\\", "\u{1B}P$q m\u{1B}\\",
    "\u{1B}Pq#0;2;0;0;0#1!10~-\u{1B}\\", "\u{1B}_Gf=100;AAAA\u{1B}\\", "\u{1B}^privacy\u{1B}\\",
    "\u{1B}Xstart of string\u{1B}\\", "\u{1B}c", "\u{1B}7", "\u{1B}8", "\u{1B}D", "\u{1B}M",
    "\u{1B}#8", "\u{1B}(0lqqk", "\u{1B})0", "\u{1B}N", "\u{1B}=", "\u{1B}", "\u{1B}\u{1B}[31m",
  ]

  /// C1 controls as Unicode scalars (U+0080-U+009F), alone and opening sequences.
  public static let c1: [String] = [
    "\u{9B}31m", "\u{9B}2J", "\u{9D}0;c1 title\u{9C}", "\u{90}dcs\u{9C}", "\u{9F}apc\u{9C}",
    "\u{98}sos\u{9C}", "\u{9E}pm\u{9C}", "\u{85}", "\u{84}", "\u{8D}", "\u{8E}", "\u{80}\u{81}",
    "\u{9A}", "\u{99}",
  ]

  /// C0 controls and DEL.
  public static let c0: [String] = [
    "\u{07}", "\u{08}\u{08}\u{08}", "\r", "\n", "\t", "\u{00}", "\u{7F}", "\u{0B}\u{0C}",
    "\u{0E}shifted\u{0F}", "\u{18}\u{1A}", "\u{05}", "\u{1C}\u{1D}\u{1E}\u{1F}", "\r\n",
    "\t\t\t\t\t\t", "\u{01}\u{02}\u{03}\u{04}",
  ]

  /// Bidi overrides and isolates, zero-width and invisible characters.
  public static let invisible: [String] = [
    "\u{202E}gnp.exe\u{202C}", "\u{202D}ltr\u{202C}", "\u{2066}\u{2067}\u{2068}\u{2069}",
    "\u{200E}\u{200F}", "\u{061C}", "\u{202A}\u{202B}", "\u{200B}", "\u{FEFF}", "\u{2060}",
    "\u{200C}\u{200D}", "\u{00AD}", "\u{180E}", "\u{034F}", "\u{115F}\u{1160}", "\u{3164}",
    "\u{FFF9}note\u{FFFB}", "\u{2028}\u{2029}", "\u{E000}", "\u{FFFF}", "\u{F0000}",
  ]

  /// Stacked combining marks, with and without a base.
  public static let combining: [String] = [
    "Z" + String(repeating: "\u{337}\u{322}\u{31B}", count: 10),
    "e" + String(repeating: "\u{301}", count: 100), "\u{301}\u{301}\u{301}", "a\u{20DD}",
    "க\u{BCD}", "ก\u{E48}\u{E4D}า", "o\u{336}\u{336}\u{336}\u{336}\u{336}\u{336}",
  ]

  /// Wide characters, emoji sequences and flags.
  public static let wide: [String] = [
    "東京カフェ巡り", "한국어 텍스트", "中文字符测试", "ｆｕｌｌｗｉｄｔｈ", "𠀀𠀁𠀂",
    "👩‍💻", "👨‍👩‍👧‍👦", "🏳️‍🌈", "🧑🏽‍🚀", "❤️‍🔥", "🏴󠁧󠁢󠁳󠁣󠁴󠁿", "👍🏿", "1️⃣", "☺️", "©️",
    "🇯🇵", "🇺🇸🇬🇧", "🇦", "🇩🇪🇫", "مرحبا بالعالم", "שלום", "क्षि", "🥟🌌👇☕️",
  ]

  /// `text` between two markers naming `tag` (4 printable ASCII characters), so a scan of what
  /// reached the terminal can find what was drawn for it. The end marker starts with ST
  /// (`ESC \\`): a sequence the text leaves open ends there instead of swallowing the marker.
  public static func marked(_ text: String, tag: String) -> String {
    "\(tag)<<\(text)\u{1B}\\>>\(tag)"
  }

  /// What the terminal got between the markers of `marked`, for every pair written in one
  /// piece: the tag and the tokens. A start marker whose end does not follow within `window`
  /// bytes (the text was cut off on screen) is skipped.
  public static func markedStretches(in bytes: [UInt8], window: Int = 16384)
    -> [(tag: String, output: TerminalOutput)]
  {
    let opener = Array("<<".utf8)
    var found: [(tag: String, output: TerminalOutput)] = []
    var offset = 0
    while let open = TerminalOutput.find(opener, in: bytes, from: offset) {
      offset = open + opener.count
      guard open >= 4 else { continue }
      let tag = Array(bytes[(open - 4)..<open])
      guard tag.allSatisfy({ $0 >= 0x21 && $0 < 0x7F }) else { continue }
      let closer = Array(">>".utf8) + tag
      guard
        let close = TerminalOutput.find(
          closer, in: bytes, from: offset, limit: offset + window)
      else { continue }
      // The same text drawn again before this end (the first copy was cut off): start there.
      if TerminalOutput.find(tag + opener, in: bytes, from: offset, limit: close) != nil {
        continue
      }
      found.append(
        (String(decoding: tag, as: UTF8.self), TerminalOutput(Array(bytes[offset..<close]))))
    }
    return found
  }

  /// Every building block above.
  public static var pieces: [String] { escapes + c1 + c0 + invisible + combining + wide }

  /// At least `minimum` strings: each piece alone, each inside plain text, then pairs of
  /// pieces, then long runs. Order is fixed.
  public static func corpus(minimum: Int = 240) -> [String] {
    let pieces = pieces
    var out = pieces
    let words = ["Maya", "Glitch Kid", "Nova", "東京", "Zoë", "x", "Ana María"]
    for (index, piece) in pieces.enumerated() {
      out.append("\(words[index % words.count]) \(piece) end")
    }
    var index = 0
    while out.count < minimum - 2 {
      let first = pieces[index % pieces.count]
      let second = pieces[(index * 7 + 3) % pieces.count]
      out.append("\(first)mid\(second)")
      index += 1
    }
    out.append(String(repeating: "\u{1B}[31mA\u{9B}0m", count: 300))
    out.append(String(repeating: "長", count: 1500))
    return out
  }
}
