import Domain
import Foundation
import Storage
import Testing

/// RELIABILITY S1: hundreds of malformed, hostile and slow requests against the real listener,
/// and the same corpus through paste-back.
@Suite("Callback corpus (S1)")
struct CallbackCorpusTests {
  @Test("500+ hostile requests: none accepted, none hangs, no token call, then the real one works")
  func listenerCorpus() async throws {
    let observed = Shared<[String: CallbackVerdict]>([:])
    let listener = try CallbackListenerTests.listener(accountPageWait: 0) { target, verdict in
      observed.withLock { $0[target] = verdict }
    }
    defer { listener.stop() }
    let attempt = listener.attempt
    let corpus = CallbackCorpus(port: listener.port, state: attempt.state, path: "/callback/")
    let items = corpus.items
    #expect(items.count >= 500)

    // What the runner does with an attempt: exchange its code at the token endpoint.
    let tokenEndpoint = FakeTransport([Canned.json(200, Canned.grantJSON)])
    let client = Canned.client(tokenEndpoint)
    let exchange = Task {
      let callback = try await attempt.result()
      return try await client.exchangeCode(
        callback.code, redirectURI: callback.redirectURI, codeVerifier: callback.codeVerifier)
    }

    let port = listener.port
    // A 503 means the connection cap was reached (slow clients hold connections): send again,
    // so every item is judged whatever the machine's load.
    let results = await onThreads(items, workers: 8) { item in
      var result = RawSocket.exchange(port: port, bytes: item.wire, byteInterval: item.paced ? 1 : nil)
      for _ in 0..<50 where result.status == 503 {
        Thread.sleep(forTimeInterval: 0.05)
        result = RawSocket.exchange(port: port, bytes: item.wire, byteInterval: item.paced ? 1 : nil)
      }
      return result
    }
    for (item, result) in zip(items, results) {
      #expect(result.closedByServer, "\(item.name): the server never ended the connection")
      #expect(result.status != 200, "\(item.name) got a success page")
    }
    for item in items where item.paced {
      let status = results[items.firstIndex { $0.name == item.name } ?? 0].status
      #expect(status == 408, "\(item.name) was not cut by the read deadline")
    }
    #expect(attempt.outcome == .waiting)
    #expect(tokenEndpoint.requests.isEmpty)

    // The parser saw the requests that passed the HTTP layer; paste-back must agree exactly.
    let seen = observed.value
    #expect(seen.count >= 50, "too few distinct requests reached the parser")
    for item in items {
      guard let verdict = seen[item.paste], verdict != .rejected(.wrongHost),
        verdict != .rejected(.wrongMethod)
      else { continue }
      let pasted = CallbackParser.parse(
        item.paste, expectedState: attempt.state, redirectPath: "/callback/")
      #expect(pasted == verdict, "\(item.name): listener and paste-back disagree")
    }

    let real = await CallbackListenerTests.request(listener, corpus.validTarget)
    #expect(real.status == 200)
    let grant = try await exchange.value
    #expect(grant.openID == "afd97af1-b87b")
    #expect(tokenEndpoint.requests.count == 1)
    let sent = formFields(try #require(tokenEndpoint.requests.first))
    #expect(sent["code"] == "REALcode*0!6410")
    #expect(sent["redirect_uri"] == attempt.redirectURI)
  }

  @Test("the same corpus pasted back is refused item by item and the attempt stays open")
  func pasteCorpus() throws {
    let attempt = OAuthAttempt(
      settings: CallbackListenerTests.settings(), redirectURI: "http://127.0.0.1:8723/callback/",
      digest: OpenSSLDigest())
    let corpus = CallbackCorpus(port: 8723, state: attempt.state, path: "/callback/")
    for item in corpus.items {
      let verdict = attempt.submit(item.paste)
      #expect(!verdict.isFinal, "\(item.name) was accepted when pasted")
    }
    #expect(attempt.outcome == .waiting)
    #expect(attempt.submit(corpus.validTarget).isFinal)
  }
}
