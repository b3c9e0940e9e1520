import Foundation
import TestSupport
import Testing

extension UITests {
  @Suite("The UI in tmux survives a resize storm and ends on the frame a fresh start draws")
  struct ResizeStormTests {
    /// Window sizes for the storm: the edges (1x1, just under and at the minimum layout, very
    /// wide) and hundreds of pseudo-random ones, always the same, no two in a row equal.
    static func stormSizes(count: Int) -> [(width: Int, height: Int)] {
      var sizes: [(width: Int, height: Int)] = [
        (1, 1), (2, 1), (1, 2), (59, 15), (60, 14), (60, 15), (300, 80), (20, 3), (1, 40), (250, 1),
      ]
      var seed: UInt64 = 0x5EED
      func next(_ range: ClosedRange<Int>) -> Int {
        seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return range.lowerBound + Int((seed >> 33) % UInt64(range.count))
      }
      while sizes.count < count {
        // Mostly small and middling sizes, where layouts switch; now and then a large one.
        let large = next(0...9) == 0
        let size = (width: next(1...(large ? 260 : 120)), height: next(1...(large ? 90 : 40)))
        if let last = sizes.last, last == size { continue }
        sizes.append(size)
      }
      return sizes
    }

    /// Resizes through `sizes`: the first `paced` wait for the UI to redraw (so it draws at
    /// each of them), the rest come in bursts faster than it can draw; then `final`. Returns
    /// how many paced resizes got no redraw.
    func storm(
      _ ui: TractokUI, _ sizes: [(width: Int, height: Int)], paced: Int,
      final: (width: Int, height: Int)
    ) throws -> Int {
      var missed = 0
      for size in sizes.prefix(paced) {
        let before = ui.outputSize
        try ui.tmux.resize(width: size.width, height: size.height)
        if !eventually(timeout: 5, every: 0.005, { ui.outputSize > before }) { missed += 1 }
      }
      try ui.tmux.resize(through: Array(sizes.dropFirst(paced)) + [final], batch: 10)
      return missed
    }

    /// Whether `ui` ends up showing what a fresh process on the same home shows at `final`
    /// after the same `keys`; countdowns tick by the minute, so it compares until both agree.
    func matchesFreshStart(
      _ ui: TractokUI, final: (width: Int, height: Int), keys: [String] = [],
      showing marker: String
    ) throws -> (same: Bool, stormed: String, fresh: String) {
      let fresh = try TractokUI(
        directory: TemporaryDirectory("tractok-ui-fresh"), width: final.width,
        height: final.height, environment: ["TRACTOK_HOME": ui.home, "HOME": ui.home])
      #expect(fresh.tmux.waitFor(all: ["Accounts (12)", "q quit"]).found)
      for key in keys { try fresh.tmux.send(key) }
      var stormed = ""
      var reference = ""
      let same = eventually(timeout: 20, every: 0.2) {
        reference = (try? fresh.tmux.screen()) ?? ""
        stormed = (try? ui.tmux.screen()) ?? ""
        return reference.contains(marker) && stormed == reference
      }
      return (same, stormed, reference)
    }

    /// A UI over twelve fixture accounts, its list on screen.
    func twelveAccounts() throws -> TractokUI {
      let directory = TemporaryDirectory("tractok-ui")
      try UISeed.fixtures(home: directory.file("home"), count: 12)
      let ui = try TractokUI(directory: directory)
      #expect(ui.tmux.waitFor(all: ["Accounts (12)", "q quit"]).found)
      return ui
    }

    @Test("hundreds of sizes down to 1x1: no crash, and the last frame equals a fresh render")
    func resizeStorm() throws {
      let ui = try twelveAccounts()
      let final = (width: 87, height: 29)
      let missed = try storm(ui, Self.stormSizes(count: 400), paced: 150, final: final)
      #expect(missed == 0, "the UI redrew after every paced resize but \(missed)")
      #expect(ui.tmux.waitFor(all: ["Accounts (12)", "q quit"]).found)
      #expect(!ui.hasExited, "the UI is still running after the storm")
      // Proof it was a storm the UI lived through, not one it slept through.
      let output = String(decoding: ui.output(), as: UTF8.self)
      let tooSmall = Set(output.ranges(of: /now \d+x\d+/).map { output[$0] })
      #expect(tooSmall.count >= 50, "the UI drew \(tooSmall.count) different too-small sizes")
      let compared = try matchesFreshStart(ui, final: final, showing: "q quit")
      #expect(compared.same, "after the storm:\n\(compared.stormed)\nfresh:\n\(compared.fresh)")
      #expect(!ui.hasExited)
      try ui.tmux.send("q")
      #expect(ui.exitStatus() == 0)
      #expect(ui.terminalModes.before == ui.terminalModes.after)
    }

    @Test("a storm with the switcher open and filtered ends on the frame a fresh start draws")
    func resizeStormWithSwitcher() throws {
      let ui = try twelveAccounts()
      try ui.tmux.send("s")
      try ui.tmux.type("o")
      #expect(ui.tmux.waitFor(all: ["Switch account", "Find: o"]).found)
      let final = (width: 71, height: 22)
      let sizes = Array(Self.stormSizes(count: 400).reversed().prefix(200))
      let missed = try storm(ui, sizes, paced: 60, final: final)
      #expect(missed == 0, "the UI redrew after every paced resize but \(missed)")
      let compared = try matchesFreshStart(
        ui, final: final, keys: ["s", "o"], showing: "Find: o")
      #expect(compared.same, "after the storm:\n\(compared.stormed)\nfresh:\n\(compared.fresh)")
      #expect(!ui.hasExited)
    }

    @Test("below 60x15 the layout gives way to a message, and q still quits from there")
    func tooSmall() throws {
      let ui = try TractokUI(width: 59, height: 15)
      let message = ui.tmux.waitFor(all: ["terminal too small (need 60x15)", "now 59x15"])
      #expect(message.found, "\(message.screen)")
      try ui.tmux.resize(width: 60, height: 15)
      #expect(ui.tmux.waitFor("No TikTok account is connected yet.").found)
      try ui.tmux.resize(width: 8, height: 2)
      #expect(ui.tmux.waitUntil { !$0.contains("No TikTok account") }.found)
      try ui.tmux.send("q")
      #expect(ui.exitStatus() == 0)
    }
  }
}
