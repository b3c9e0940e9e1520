import Domain
import Testing

@Suite("QR login attempt")
struct QRLoginAttemptTests {
  let attempt = QRLoginAttempt()
  let template =
    "aweme://authorize?authType=100&client_key=aw7nk86b7czitwc9&client_ticket=tobefilled"
    + "&scope=user.info.basic%2Cvideo.list&state=Zk3"

  private func check(
    _ status: String, ticket: String? = nil, carrier: String? = nil, state: String? = nil
  ) -> QRCheck {
    QRCheck(
      status: status, clientTicket: ticket ?? attempt.clientTicket,
      codeCarrier: carrier.map(Secret.init), state: state)
  }

  @Test("the ticket and state are fresh URL-safe random values")
  func freshValues() {
    let other = QRLoginAttempt()
    #expect(attempt.clientTicket.count == 22)
    #expect(attempt.state.count == 43)
    #expect(attempt.clientTicket != other.clientTicket)
    #expect(attempt.state != other.state)
  }

  @Test("only the tobefilled value is replaced; every other byte is kept")
  func scanURL() throws {
    let url = try attempt.scanURL(from: template).get()
    #expect(
      url
        == template.replacingOccurrences(
          of: "client_ticket=tobefilled", with: "client_ticket=\(attempt.clientTicket)"))
  }

  @Test(
    "a template without exactly one client_ticket=tobefilled is refused",
    arguments: [
      "aweme://authorize?authType=100", "aweme://authorize",
      "aweme://authorize?client_ticket=tobefilled&client_ticket=tobefilled",
      "aweme://authorize?client_ticket=other", "aweme://authorize?xclient_ticket=tobefilled",
    ])
  func badTemplates(template: String) {
    #expect(throws: DomainError.self) { try attempt.scanURL(from: template).get() }
  }

  @Test("new, scanned, expired and utilised are read as such")
  func statuses() {
    #expect(attempt.interpret(check("new", ticket: "")) == .waiting)
    #expect(attempt.interpret(check("scanned")) == .scanned)
    #expect(attempt.interpret(check("expired", ticket: "")) == .expired)
    #expect(attempt.interpret(check("utilised")) == .utilised)
    #expect(attempt.interpret(check("weird")) == .ignored("unknown status"))
  }

  @Test("a confirmed answer with a redirect URL gives its code and the URL cut at ?")
  func confirmedURL() {
    let carrier = "https://app.example.com/callback/?code=HOX*b!1&state=\(attempt.state)"
    #expect(
      attempt.interpret(check("confirmed", carrier: carrier, state: attempt.state))
        == .confirmed(code: Secret("HOX*b!1"), redirectURI: "https://app.example.com/callback/"))
    #expect(
      attempt.interpret(check("confirmed", carrier: carrier))
        == .confirmed(code: Secret("HOX*b!1"), redirectURI: "https://app.example.com/callback/"))
  }

  @Test("a confirmed answer whose code is a bare value is ours by its ticket; a state field must be ours")
  func confirmedBareCode() {
    #expect(
      attempt.interpret(check("confirmed", carrier: "HOX1", state: attempt.state))
        == .confirmed(code: Secret("HOX1"), redirectURI: nil))
    #expect(
      attempt.interpret(check("confirmed", carrier: "HOX1"))
        == .confirmed(code: Secret("HOX1"), redirectURI: nil))
    #expect(
      attempt.interpret(check("confirmed", carrier: "HOX1", state: "bad"))
        == .ignored("state mismatch"))
  }

  @Test("TikTok's own example, without any state, is accepted on the matching ticket")
  func tikTokExampleWithoutState() {
    let example = "https://example.com?code=example_code"
    #expect(
      attempt.interpret(check("confirmed", carrier: example))
        == .confirmed(code: Secret("example_code"), redirectURI: "https://example.com"))
    #expect(
      attempt.interpret(check("confirmed", ticket: "someone-else", carrier: example))
        == .ignored("another ticket"))
  }

  @Test("answers with another ticket, a wrong or disagreeing state are ignored")
  func ignored() {
    let url = "https://a.example/cb/?code=C&state=\(attempt.state)"
    #expect(
      attempt.interpret(check("confirmed", ticket: "other", carrier: url))
        == .ignored("another ticket"))
    #expect(
      attempt.interpret(check("confirmed", carrier: "https://a.example/cb/?code=C&state=bad"))
        == .ignored("state mismatch"))
    #expect(
      attempt.interpret(check("confirmed", carrier: url, state: "different"))
        == .ignored("two states"))
    #expect(
      attempt.interpret(check("confirmed", carrier: "https://a.example/cb/?code=C", state: "bad"))
        == .ignored("state mismatch"))
    #expect(
      attempt.interpret(
        check("confirmed", carrier: "https://a.example/cb/?code=%252A&state=\(attempt.state)"))
        == .ignored(CallbackRejection.doubleEncoded("code").message))
    #expect(attempt.interpret(check("scanned", ticket: "other")) == .ignored("another ticket"))
  }
}
