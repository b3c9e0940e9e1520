"""A TLS test server for tractok's HTTPS client, written on Python's ssl module so that the
client is checked against an implementation that is not its own. Started by TLSTestServer
(Tests/TestSupport/TLSTestServer.swift):

    python3 tls_server.py CERTDIR

CERTDIR holds the files TestCertificates makes. The server listens on 127.0.0.1 at ports the
kernel picks, prints them as one JSON line, and serves until its standard input closes:

    good        a certificate for 127.0.0.1 and localhost from the test authority
    expired     the same names, expired
    wrong_host  a certificate for wrong.example only
    untrusted   127.0.0.1 and localhost, from an authority nobody trusts
    proxy       plain TCP: answers CONNECT (200, or 407 without the expected credentials)
                and then relays bytes both ways
    control     plain HTTP: GET /stats answers what happened, as JSON

Every TLS listener keeps connections alive and answers by path:

    /length            a Content-Length body        /chunked     a chunked body
    /truncated         100 bytes announced, 10 sent, then the connection is cut
    /truncated-chunked a chunk, then the connection is cut
    /big               a 4096-byte body             /stall       a head and part of a body,
                                                                 then nothing
    /v2/oauth/token/   a refresh grant, each with a new access token (TikTok's JSON); a
                       refresh token "rft.OPEN_ID" is answered for that open_id
"""

import json
import os
import urllib.parse
import socket
import ssl
import sys
import threading

LOCK = threading.Lock()
STATS = {"connections": {}, "sni": [], "connects": [], "proxy_authorization": [], "grants": 0}
PROXY_CREDENTIALS = os.environ.get("TLS_TEST_PROXY_AUTH")  # "Basic ..." when required


def count(key, value=1):
    with LOCK:
        STATS["connections"][key] = STATS["connections"].get(key, 0) + value


def listener():
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    return sock


def read_request(conn, buffered):
    """One request head and its Content-Length body; None when the client closed."""
    data = buffered
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return None, b""
        data += chunk
    head, rest = data.split(b"\r\n\r\n", 1)
    lines = head.decode("latin-1").split("\r\n")
    method, target, _ = lines[0].split(" ", 2)
    headers = {}
    for line in lines[1:]:
        name, value = line.split(":", 1)
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0"))
    while len(rest) < length:
        chunk = conn.recv(65536)
        if not chunk:
            return None, b""
        rest += chunk
    return (method, target, headers, rest[:length]), rest[length:]


def answer(status, body, extra=""):
    head = "HTTP/1.1 %d Status\r\nContent-Length: %d\r\n%s\r\n" % (status, len(body), extra)
    return head.encode() + body


def grant(form):
    with LOCK:
        STATS["grants"] += 1
        number = STATS["grants"]
    refresh = urllib.parse.parse_qs(form.decode()).get("refresh_token", [""])[0]
    open_id = refresh[len("rft."):] if refresh.startswith("rft.") else "tls-open-id"
    body = {
        "access_token": "act.tls%d" % number, "expires_in": 86400, "open_id": open_id,
        "refresh_token": "rft." + open_id, "refresh_expires_in": 31536000,
        "scope": "user.info.basic", "token_type": "Bearer",
    }
    return answer(200, json.dumps(body).encode(), "Content-Type: application/json\r\n")


def serve_tls(raw, context, name):
    count(name)
    try:
        conn = context.wrap_socket(raw, server_side=True)
    except (ssl.SSLError, OSError):
        raw.close()
        return
    buffered = b""
    try:
        while True:
            request, buffered = read_request(conn, buffered)
            if request is None:
                return
            method, target, headers, body = request
            path = target.split("?", 1)[0]
            if path == "/length":
                conn.sendall(answer(200, b"length body"))
            elif path == "/chunked":
                conn.sendall(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                             b"5\r\nchunk\r\n3\r\ned \r\n4\r\nbody\r\n0\r\n\r\n")
            elif path == "/truncated":
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789")
                return
            elif path == "/truncated-chunked":
                conn.sendall(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nchunk\r\n")
                return
            elif path == "/big":
                conn.sendall(answer(200, b"x" * 4096))
            elif path == "/stall":
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n{\"access")
                while conn.recv(1):  # until the client gives up and closes
                    pass
                return
            elif path == "/v2/oauth/token/" and method == "POST":
                conn.sendall(grant(body))
            else:
                conn.sendall(answer(404, b"not here"))
    except (ssl.SSLError, OSError):
        return
    finally:
        conn.close()


def relay(source, target):
    try:
        while True:
            data = source.recv(65536)
            if not data:
                break
            target.sendall(data)
    except OSError:
        pass
    finally:
        for sock in (source, target):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def serve_proxy(conn):
    count("proxy")
    request, rest = read_request(conn, b"")
    if request is None:
        conn.close()
        return
    method, target, headers, _ = request
    authorization = headers.get("proxy-authorization")
    with LOCK:
        STATS["connects"].append(target if method == "CONNECT" else method + " " + target)
        STATS["proxy_authorization"].append(authorization or "")
    if method != "CONNECT":
        conn.sendall(answer(405, b"CONNECT only"))
        conn.close()
        return
    if PROXY_CREDENTIALS and authorization != PROXY_CREDENTIALS:
        conn.sendall(answer(407, b"", "Proxy-Authenticate: Basic realm=\"test\"\r\n"))
        conn.close()
        return
    host, port = target.rsplit(":", 1)
    upstream = socket.create_connection((host.strip("[]"), int(port)))
    conn.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
    if rest:
        upstream.sendall(rest)
    threading.Thread(target=relay, args=(upstream, conn), daemon=True).start()
    relay(conn, upstream)


def serve_control(conn):
    request, _ = read_request(conn, b"")
    with LOCK:
        body = json.dumps(STATS).encode()
    conn.sendall(answer(200, body, "Connection: close\r\n"))
    conn.close()


def accept_forever(sock, handler):
    while True:
        conn, _ = sock.accept()
        threading.Thread(target=handler, args=(conn,), daemon=True).start()


def tls_context(directory, name):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(os.path.join(directory, name + ".pem"),
                            os.path.join(directory, name + ".key"))

    def record_sni(sslobj, server_name, ctx):
        with LOCK:
            STATS["sni"].append(server_name or "")

    context.sni_callback = record_sni
    return context


def main():
    directory = sys.argv[1]
    ports = {}
    for name in ["good", "expired", "wrong_host", "untrusted"]:
        sock = listener()
        context = tls_context(directory, name)
        ports[name] = sock.getsockname()[1]
        handler = (lambda conn, c=context, n=name: serve_tls(conn, c, n))
        threading.Thread(target=accept_forever, args=(sock, handler), daemon=True).start()
    for name, handler in [("proxy", serve_proxy), ("control", serve_control)]:
        sock = listener()
        ports[name] = sock.getsockname()[1]
        threading.Thread(target=accept_forever, args=(sock, handler), daemon=True).start()
    print(json.dumps(ports), flush=True)
    sys.stdin.read()  # ends when the test closes its end
    os._exit(0)


if __name__ == "__main__":
    main()
