import Glibc

/// Pins the C library to C.UTF-8 once, so `wcwidth` (the width function) gives the same answers
/// on every machine.
enum TestLocale {
  static let pinned: Bool = setlocale(LC_ALL, "C.UTF-8") != nil
}
