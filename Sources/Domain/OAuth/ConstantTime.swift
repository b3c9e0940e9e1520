/// Comparisons whose duration does not depend on where two secrets first differ.
public enum ConstantTime {
  /// Whether `lhs` and `rhs` hold the same bytes; the time depends only on the lengths.
  public static func equals(_ lhs: String, _ rhs: String) -> Bool {
    let left = Array(lhs.utf8)
    let right = Array(rhs.utf8)
    var difference = UInt8(left.count == right.count ? 0 : 1)
    let length = max(left.count, right.count)
    for index in 0..<length {
      let a = index < left.count ? left[index] : 0
      let b = index < right.count ? right[index] : 0
      difference |= a ^ b
    }
    return difference == 0
  }
}
