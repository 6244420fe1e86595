import net from "node:net";

/**
 * Sends raw request bytes (`head`, then `body`) to host:port and resolves
 * with the status line's code and how long the answer took: an attacker's
 * request, not one a client library would tidy up (a lying Content-Length,
 * a chunked body that never ends). The socket is closed once the status line
 * arrives, so a refusal that comes before the body is measured as such.
 */
export function rawHttpRequest(target: { host: string; port: number; timeoutMs: number }, head: string, body = ""): Promise<{ status: number; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const socket = net.connect(target.port, target.host, () => socket.write(head + body));
    socket.setTimeout(target.timeoutMs, () => socket.destroy(new Error(`no answer in ${target.timeoutMs} ms`)));
    let received = "";
    socket.on("data", (chunk) => {
      received += chunk.toString("latin1");
      const match = /^HTTP\/1\.1 (\d{3})/.exec(received);
      if (match) {
        resolve({ status: Number(match[1]), ms: performance.now() - started });
        socket.destroy();
      }
    });
    socket.on("error", reject);
  });
}
