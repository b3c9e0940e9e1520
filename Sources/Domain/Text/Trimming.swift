extension StringProtocol {
  /// The text without spaces and tabs at either end (`CharacterSet.whitespaces`: tab and
  /// Unicode `Zs`); line breaks stay.
  @inlinable public func trimmingSpaces() -> String { trimming(where: Self.isSpace) }

  /// The text without white space, line breaks included, at either end.
  @inlinable public func trimmingWhitespace() -> String { trimming(where: \.isWhitespace) }

  /// Horizontal white space, as `CharacterSet.whitespaces` means it.
  @usableFromInline static func isSpace(_ character: Character) -> Bool {
    character.unicodeScalars.allSatisfy {
      $0 == "\t" || $0.properties.generalCategory == .spaceSeparator
    }
  }

  // Foundation's trimmingCharacters(in:) goes through NSString, whose first use costs every
  // process about 0.2 ms (B4: `tractok token` trims its configuration). Inlinable, so callers
  // get it specialised rather than resolving generic types at run time.
  @inlinable func trimming(where drop: (Character) -> Bool) -> String {
    guard let first = firstIndex(where: { !drop($0) }),
      let last = lastIndex(where: { !drop($0) })
    else { return "" }
    return String(self[first...last])
  }
}
