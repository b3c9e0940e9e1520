/// One hostile request for the S1 corpus: the bytes sent to the listener, and the text a user
/// could paste for the same attack (the request target, or the whole line when there is none).
struct CorpusItem: Sendable {
  var name: String
  var wire: [UInt8]
  var paste: String
  /// Sent one byte per second (slowloris), or at once.
  var paced: Bool = false
}

/// The generator of malformed, hostile and slow callbacks shared by the listener and the
/// paste-back tests, so both are held to the same corpus.
struct CallbackCorpus {
  let port: Int
  let state: String
  let path: String

  var host: String { "127.0.0.1:\(port)" }
  /// A state that differs from the real one in its first character only.
  var nearState: String {
    let first = state.first == "A" ? "B" : "A"
    return first + state.dropFirst()
  }

  /// The real callback (valid code, real state): never part of the corpus itself.
  var validTarget: String { "\(path)?code=REALcode*0!6410&scopes=user.info.basic&state=\(state)" }

  func get(_ target: String, host: String? = nil, extra: String = "") -> [UInt8] {
    Array(
      "GET \(target) HTTP/1.1\r\nHost: \(host ?? self.host)\r\n\(extra)Connection: close\r\n\r\n"
        .utf8)
  }

  func item(_ name: String, target: String) -> CorpusItem {
    CorpusItem(name: name, wire: get(target), paste: target)
  }

  /// Queries that are refused on their own merits.
  var hostileQueries: [String] {
    var queries = [
      "code=abc&state=\(nearState)", "code=abc&state=wrong", "code=abc&state=\(state.dropLast())",
      "code=abc&state=\(state)x", "code=abc&state=\(state.uppercased())X", "code=abc",
      "state=\(state)", "code=a&code=b&state=\(state)", "code=a&state=\(state)&state=\(state)",
      "code=a&state=\(state)&state=\(nearState)", "code=&state=\(state)", "code=a&state=",
      "code=a&error=access_denied&state=\(state)", "code=%252A&state=\(state)",
      "code=abc%2521&state=\(state)", "code=%2525&state=\(state)", "code=a&state=%2541",
      "code=%G1&state=\(state)", "code=a%&state=\(state)", "code=%2&state=\(state)",
      "code=a&state=\(state)%", "code=a%00&state=\(state)", "code=a%0D%0A&state=\(state)",
      "code=a%1B%5B31m&state=\(state)", "code=a%7F&state=\(state)", "code=a%C3%A9&state=\(state)",
      "code=a%FF&state=\(state)", "error=access_denied&error_description=x",
      "error=access_denied&state=\(nearState)", "CODE=a&STATE=\(state)",
      "code=a;state=\(state)", "", "&&&", "=&=", "code=a&state=\(state)&scopes=a&scopes=b",
      String(repeating: "x=1&", count: 40) + "code=a&state=\(state)",
    ]
    for name in [
      "access_token", "refresh_token", "id_token", "token", "code_verifier", "code_challenge",
      "client_secret", "client_key", "client_id", "redirect_uri", "response_type", "grant_type",
    ] {
      queries.append("code=a&state=\(state)&\(name)=x")
    }
    return queries
  }

  /// Every item, slow ones first so they overlap the fast ones.
  var items: [CorpusItem] {
    slow + queryItems + byteItems + pathItems + requestLineItems + hostAndMethodItems + headerItems
      + pipelined
  }

  var slow: [CorpusItem] {
    let wrong = "\(path)?code=abc&state=\(nearState)"
    var items = (0..<4).map { index in
      CorpusItem(name: "slowloris \(index)", wire: get(wrong), paste: wrong, paced: true)
    }
    // HTTP/0.9: a bare request line, no headers, so the head never ends.
    items.append(CorpusItem(name: "HTTP/0.9", wire: Array("GET \(wrong)\r\n".utf8), paste: wrong))
    return items
  }

  var queryItems: [CorpusItem] {
    hostileQueries.enumerated().map { index, query in
      item("query \(index)", target: "\(path)?\(query)")
    }
  }

  /// Bytes 0x00-0x1f and 0x7f-0xff, raw, in the code, in the state and in the path.
  var byteItems: [CorpusItem] {
    let bytes = Array(UInt8(0x00)...UInt8(0x1F)) + Array(UInt8(0x7F)...UInt8(0xFF))
    var items: [CorpusItem] = []
    let stateHead = Array(state.utf8.prefix(5))
    let stateTail = Array(state.utf8.dropFirst(5))
    for byte in bytes {
      let targets: [(String, [UInt8])] = [
        ("code", Array("\(path)?code=ab".utf8) + [byte] + Array("cd&state=\(state)".utf8)),
        ("state", Array("\(path)?code=abcd&state=".utf8) + stateHead + [byte] + stateTail),
        (
          "path",
          Array(path.utf8.prefix(3)) + [byte] + Array(path.utf8.dropFirst(3))
            + Array("?code=abcd&state=\(state)".utf8)
        ),
      ]
      for (place, target) in targets {
        let wire = Array("GET ".utf8) + target + Array(" HTTP/1.1\r\nHost: \(host)\r\n\r\n".utf8)
        items.append(
          CorpusItem(
            name: "byte 0x\(String(byte, radix: 16)) in \(place)", wire: wire,
            paste: String(decoding: target, as: UTF8.self)))
      }
    }
    return items
  }

  /// Wrong paths with an otherwise perfect callback: only the path check stops them.
  var pathItems: [CorpusItem] {
    let query = "?code=abc&state=\(state)"
    let trimmed = String(path.dropLast())
    return [
      "/", trimmed, "\(path)x", path.uppercased(), "/\(path)", "\(path).", "\(path)../\(path)",
      "/%63\(path.dropFirst(2))", "\(trimmed)%2F", "\(path);", "\(path)/", "/callback2/",
    ].enumerated().map { index, wrong in item("path \(index)", target: wrong + query) }
  }

  var requestLineItems: [CorpusItem] {
    let target = "\(path)?code=abc&state=\(nearState)"
    let lines = [
      "GET  \(target) HTTP/1.1", "get \(target) HTTP/1.1", "GET \(target) HTTP/2.0",
      "GET \(target) HTTP/1.2", "GET \(target.dropFirst()) HTTP/1.1",
      "GET http://\(host)\(target) HTTP/1.1", "GET \(target) HTTP/1.1 extra",
      "GET\t\(target)\tHTTP/1.1", "GET \(target) http/1.1",
      "GETGETGETGETGETGETGET \(target) HTTP/1.1",
      "CONNECT \(host) HTTP/1.1", "OPTIONS * HTTP/1.1", "GET \(target)",
    ]
    var items = lines.enumerated().map { index, line in
      let parts = line.split(separator: " ")
      let paste = parts.count > 1 ? String(parts[1]) : line
      return CorpusItem(
        name: "request line \(index)", wire: Array("\(line)\r\nHost: \(host)\r\n\r\n".utf8),
        paste: paste)
    }
    let raw: [(String, String)] = [
      ("leading CRLF", "\r\nGET \(target) HTTP/1.1\r\nHost: \(host)\r\n\r\n"),
      ("bare LF", "GET \(target) HTTP/1.1\nHost: \(host)\n\n"),
      ("garbage", "garbage\r\n\r\n"), ("blank", "\r\n\r\n"),
    ]
    for (name, text) in raw {
      items.append(CorpusItem(name: name, wire: Array(text.utf8), paste: text))
    }
    return items
  }

  var hostAndMethodItems: [CorpusItem] {
    let target = "\(path)?code=abc&state=\(nearState)"
    let hosts = [
      "evil.example:\(port)", "127.0.0.1:\(port + 1)", "127.0.0.1", "localhost.evil:\(port)",
    ]
    var items = hosts.map { (name: String) in
      CorpusItem(name: "host \(name)", wire: get(target, host: name), paste: target)
    }
    items.append(
      CorpusItem(
        name: "no host", wire: Array("GET \(target) HTTP/1.1\r\n\r\n".utf8), paste: target))
    items.append(
      CorpusItem(
        name: "two hosts", wire: get(target, extra: "Host: evil.example\r\n"), paste: target))
    for method in ["POST", "PUT", "DELETE", "HEAD", "PATCH"] {
      items.append(
        CorpusItem(
          name: method, wire: Array("\(method) \(target) HTTP/1.1\r\nHost: \(host)\r\n\r\n".utf8),
          paste: target))
    }
    let body = "code=abc&state=\(state)"
    items.append(
      CorpusItem(
        name: "POST body",
        wire: Array(
          ("POST \(path) HTTP/1.1\r\nHost: \(host)\r\n"
            + "Content-Length: \(body.utf8.count)\r\n\r\n\(body)").utf8), paste: path))
    return items
  }

  var headerItems: [CorpusItem] {
    let target = "\(path)?code=abc&state=\(nearState)"
    let extras = [
      "X-Pad: \(String(repeating: "a", count: 9000))\r\n",
      String(repeating: "X-Many: 1\r\n", count: 70), "X-Bad: a\u{1}b\r\n", "NoColon\r\n",
      "Transfer-Encoding: chunked\r\n", "Content-Length: -1\r\n", "Content-Length: abc\r\n",
      "Content-Length: 1\r\nContent-Length: 2\r\n", " folded: continuation\r\n",
    ]
    var items = extras.enumerated().map { index, extra in
      CorpusItem(name: "header \(index)", wire: get(target, extra: extra), paste: target)
    }
    let long = "\(path)?code=\(String(repeating: "a", count: 9000))&state=\(state)"
    items.append(item("long target", target: long))
    return items
  }

  /// A bad request with the real callback pipelined behind it on the same connection: the
  /// listener reads one request per connection, so the second must never be processed.
  var pipelined: [CorpusItem] {
    let wrong = "\(path)?code=abc&state=\(nearState)"
    return [
      CorpusItem(name: "pipelined", wire: get(wrong) + get(validTarget), paste: wrong),
      CorpusItem(
        name: "pipelined after POST",
        wire: Array("POST \(wrong) HTTP/1.1\r\nHost: \(host)\r\n\r\n".utf8) + get(validTarget),
        paste: wrong),
    ]
  }
}
