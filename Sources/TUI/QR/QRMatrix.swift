import CQRencode

/// A QR code's modules (true = dark), encoded by libqrencode in 8-bit mode.
public struct QRMatrix: Equatable, Sendable {
  /// Error correction: M (15%) by default; L (7%) makes a smaller code when M does not fit.
  public enum Correction: Sendable {
    case medium
    case low
  }

  /// Modules per side, without the quiet zone.
  public let size: Int
  private let modules: [Bool]
  /// Light modules drawn around the code so scanners find its edge (the standard asks for 4;
  /// 2 is enough for phone cameras and saves terminal rows).
  public static let quietZone = 2

  /// Encodes `text`; nil when it is empty or too long for any QR version.
  public init?(encoding text: String, correction: Correction = .medium) {
    guard !text.isEmpty else { return nil }
    let level = correction == .medium ? QR_ECLEVEL_M : QR_ECLEVEL_L
    let encoded: (Int, [Bool])? = text.withCString { pointer in
      guard let code = QRcode_encodeString(pointer, 0, level, QR_MODE_8, 1) else {
        return nil
      }
      defer { QRcode_free(code) }
      let width = Int(code.pointee.width)
      guard width > 0, let data = code.pointee.data else { return nil }
      // Bit 0 of each byte is the module's colour; the other bits describe its role.
      let modules = (0..<(width * width)).map { data[$0] & 1 == 1 }
      return (width, modules)
    }
    guard let (size, modules) = encoded else { return nil }
    self.size = size
    self.modules = modules
  }

  /// Level M when its drawing `fits`, otherwise the smaller level L code: a terminal a little
  /// too small for M (such as 80x30 for TikTok's scan URLs) can still show a scannable code.
  public static func best(for text: String, fits: (QRMatrix) -> Bool) -> QRMatrix? {
    guard let medium = QRMatrix(encoding: text) else { return nil }
    if fits(medium) { return medium }
    return QRMatrix(encoding: text, correction: .low) ?? medium
  }

  /// A matrix from rows of modules (tests, and reading a drawing back); nil unless square.
  public init?(rows: [[Bool]]) {
    guard !rows.isEmpty, rows.allSatisfy({ $0.count == rows.count }) else { return nil }
    size = rows.count
    modules = rows.flatMap { $0 }
  }

  /// Whether the module at column `x`, row `y` is dark; outside the code (quiet zone) it is not.
  public func isDark(x: Int, y: Int) -> Bool {
    guard x >= 0, y >= 0, x < size, y < size else { return false }
    return modules[y * size + x]
  }

  /// Columns and rows the drawing takes with its quiet zone: two module rows per text row.
  public var drawnSize: ScreenSize {
    let side = size + 2 * Self.quietZone
    return ScreenSize(width: side, height: (side + 1) / 2)
  }
}
