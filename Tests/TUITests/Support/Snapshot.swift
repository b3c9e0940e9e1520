import Foundation
import TUI
import Testing

/// Render snapshots: a buffer as framed text rows (so trailing spaces show) compared with a file
/// under `__Snapshots__`. `RECORD_SNAPSHOTS=1` rewrites the file and fails the test.
enum Snapshot {
  static let directory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("__Snapshots__")

  /// The buffer as text: size, framed rows, then hyperlink runs.
  static func text(_ buffer: CellBuffer) -> String {
    let edge = "+" + String(repeating: "-", count: buffer.width) + "+"
    var lines = ["\(buffer.width)x\(buffer.height)", edge]
    for y in 0..<buffer.height { lines.append("|" + buffer.rowText(y) + "|") }
    lines.append(edge)
    for link in buffer.links {
      lines.append("link row \(link.y) col \(link.x) width \(link.width): \(link.url)")
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// Compares `buffer` with the snapshot `name`, after checking no cell holds a control
  /// character.
  static func assertMatches(
    _ buffer: CellBuffer, named name: String, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    assertNoControlCharacters(buffer, sourceLocation: sourceLocation)
    let file = directory.appendingPathComponent("\(name).txt")
    let actual = text(buffer)
    let record = ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1"
    guard !record, let expected = try? String(contentsOf: file, encoding: .utf8) else {
      try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
      try? actual.write(to: file, atomically: true, encoding: .utf8)
      Issue.record(
        "recorded snapshot \(name); run again without RECORD_SNAPSHOTS",
        sourceLocation: sourceLocation)
      return
    }
    if expected != actual {
      Issue.record(
        "snapshot \(name) differs:\n--- expected\n\(expected)--- actual\n\(actual)",
        sourceLocation: sourceLocation)
    }
  }

  /// Fails if any cell holds a C0/C1 control, DEL, an escape or a bidi control.
  static func assertNoControlCharacters(
    _ buffer: CellBuffer, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    for y in 0..<buffer.height {
      for x in 0..<buffer.width {
        for scalar in buffer[x, y].grapheme.unicodeScalars where isForbidden(scalar) {
          Issue.record(
            "cell \(x),\(y) holds U+\(String(scalar.value, radix: 16, uppercase: true))",
            sourceLocation: sourceLocation)
        }
      }
    }
  }

  static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x00...0x1F, 0x7F...0x9F, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
    default: false
    }
  }
}

/// Rendering helpers the snapshot suites share.
enum Screens {
  static let standard = ScreenSize(width: 80, height: 24)
  static let cramped = ScreenSize(width: 60, height: 15)

  /// The frame `render` draws for `state`.
  static func draw(_ state: AppState) -> CellBuffer {
    var buffer = CellBuffer(width: 0, height: 0)
    render(state, into: &buffer)
    return buffer
  }

  /// `state` after `messages`, their effects dropped (they are tested elsewhere).
  static func after(_ state: AppState, _ messages: [Msg]) -> AppState {
    var state = state
    for msg in messages { _ = update(&state, msg) }
    return state
  }
}
