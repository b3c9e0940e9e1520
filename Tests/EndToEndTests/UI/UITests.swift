import Testing

/// The full-screen UI driven in tmux, one test at a time: each runs tractok and tmux, which
/// compete for the same few cores, and each holds a thread of Swift's small pool while it
/// waits on the screen.
@Suite("The full-screen UI in tmux", .serialized)
enum UITests {}
