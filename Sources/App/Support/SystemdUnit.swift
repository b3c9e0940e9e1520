import Foundation

/// The systemd user unit `tractok watch --systemd-unit` prints.
enum SystemdUnit {
  static func text(_ context: Context) -> String {
    let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
      ?? CommandLine.arguments[0]
    return """
      # tractok watch as a systemd user service. Save as
      # ~/.config/systemd/user/tractok-watch.service, then run
      #   systemctl --user daemon-reload && systemctl --user enable --now tractok-watch
      # and, to keep it running while you are logged out, `loginctl enable-linger $USER`.
      # Its log: journalctl --user -u tractok-watch
      [Unit]
      Description=tractok: keep TikTok tokens fresh
      Wants=network-online.target
      After=network-online.target

      [Service]
      ExecStart=\(quoted(executable)) watch
      Environment=\(quoted("TRACTOK_HOME=\(context.configuration.home)"))
      # Apps stored with `tractok app add` need nothing here (their secrets are sealed in the
      # database). TRACTOK_NOTIFY_CMD=... and credentials kept in the environment
      # (TIKTOK_CLIENT_KEY=..., TIKTOK_CLIENT_SECRET=...), one per line, belong in a file only
      # you can read (chmod 600), never in this unit ("-": read when it exists):
      EnvironmentFile=-%h/.config/tractok/env
      Restart=on-failure
      RestartSec=30
      UMask=0077
      NoNewPrivileges=yes
      PrivateTmp=yes

      [Install]
      WantedBy=default.target
      """
  }

  /// A value systemd reads as one word, spaces and all.
  static func quoted(_ value: String) -> String {
    guard value.contains(where: { $0 == " " || $0 == "\"" || $0 == "\\" }) else { return value }
    return "\"" + value.replacingOccurrences(of: "\\", with: "\\\\")
      .replacingOccurrences(of: "\"", with: "\\\"") + "\""
  }
}
