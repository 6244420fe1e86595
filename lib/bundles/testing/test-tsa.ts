/**
 * A throw-away RFC 3161 time-stamping authority for tests (issue 13 point 5),
 * with no network: OpenSSL 3 (`openssl ts -reply`) signs, with a TSA
 * certificate (extendedKeyUsage critical timeStamping) issued by a CA made
 * here. `serve()` puts it behind a loopback HTTP handler that answers
 * application/timestamp-query like a real TSA; `stamp()` makes a token
 * directly for verifier tests.
 *
 * Two TSAs made by two calls have two different CAs: a token from one does
 * not chain to the other's CA (the "untrusted TSA" forgery).
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export type TestTsa = {
  /** The CA certificate (PEM): what a court is given as --tsa-cert. */
  caPem: string;
  caPemPath: string;
  /** The TSA's own certificate (PEM). */
  tsaPem: string;
  /** A DER TimeStampToken over this SHA-256 digest, as a TSA returns it inside its reply. */
  stamp(sha256: Uint8Array): Promise<Uint8Array>;
  /** A DER TimeStampResp for a DER TimeStampReq (what the HTTP handler answers). */
  reply(request: Uint8Array): Promise<Uint8Array>;
  /** Serve on 127.0.0.1; returns the URL to POST requests to. */
  serve(): Promise<string>;
  /** While true, the HTTP handler answers 503 like a TSA that is down. */
  down: boolean;
  close(): Promise<void>;
};

const config = (dir: string) => `
[ tsa ]
default_tsa = tsa_config

[ tsa_config ]
dir = ${dir}
serial = $dir/serial
crypto_device = builtin
signer_cert = $dir/tsa.pem
certs = $dir/tsa.pem
signer_key = $dir/tsa.key
signer_digest = sha256
default_policy = 1.2.3.4.1
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = no
tsa_name = no
ess_cert_id_chain = no
ess_cert_id_alg = sha256

[ tsa_ext ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = critical, timeStamping
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid

[ ca_ext ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
`;

const openssl = (dir: string, args: string[]) => run("openssl", args, { cwd: dir, env: { ...process.env, OPENSSL_CONF: join(dir, "openssl.cnf") } });

export async function makeTestTsa(name = "Test TSA"): Promise<TestTsa> {
  const dir = mkdtempSync(join(tmpdir(), "casevault-tsa-"));
  writeFileSync(join(dir, "openssl.cnf"), config(dir));
  writeFileSync(join(dir, "serial"), "01\n");
  await openssl(dir, ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "3650", "-subj", `/CN=${name} CA`, "-extensions", "ca_ext", "-config", "openssl.cnf"]);
  await openssl(dir, ["req", "-newkey", "rsa:2048", "-nodes", "-keyout", "tsa.key", "-out", "tsa.csr", "-subj", `/CN=${name}`, "-config", "openssl.cnf"]);
  await openssl(dir, ["x509", "-req", "-in", "tsa.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "tsa.pem", "-days", "3650", "-extfile", "openssl.cnf", "-extensions", "tsa_ext"]);

  let counter = 0;
  // One reply at a time: openssl ts keeps its serial number in a file.
  let queue: Promise<unknown> = Promise.resolve();
  const serially = <T>(task: () => Promise<T>): Promise<T> => {
    const next = queue.then(task, task);
    queue = next.catch(() => undefined);
    return next;
  };

  const reply = (request: Uint8Array, tokenOnly: boolean) =>
    serially(async () => {
      const n = ++counter;
      writeFileSync(join(dir, `q${n}.tsq`), request);
      await openssl(dir, ["ts", "-reply", "-queryfile", `q${n}.tsq`, "-config", "openssl.cnf", "-section", "tsa_config", "-out", `r${n}.der`, ...(tokenOnly ? ["-token_out"] : [])]);
      return new Uint8Array(readFileSync(join(dir, `r${n}.der`)));
    });

  let server: Server | null = null;
  const tsa: TestTsa = {
    down: false,
    caPem: readFileSync(join(dir, "ca.pem"), "utf8"),
    caPemPath: join(dir, "ca.pem"),
    tsaPem: readFileSync(join(dir, "tsa.pem"), "utf8"),
    async stamp(sha256) {
      const n = ++counter;
      const hex = Buffer.from(sha256).toString("hex");
      await openssl(dir, ["ts", "-query", "-digest", hex, "-sha256", "-cert", "-out", `s${n}.tsq`]);
      return reply(new Uint8Array(readFileSync(join(dir, `s${n}.tsq`))), true);
    },
    reply: (request) => reply(request, false),
    async serve() {
      server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("end", () => {
          if (tsa.down) {
            res.writeHead(503).end();
            return;
          }
          if (req.method !== "POST" || req.headers["content-type"] !== "application/timestamp-query") {
            res.writeHead(400).end();
            return;
          }
          reply(new Uint8Array(Buffer.concat(chunks)), false).then(
            (body) => res.writeHead(200, { "Content-Type": "application/timestamp-reply" }).end(body),
            () => res.writeHead(500).end(),
          );
        });
      });
      await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
      const address = server.address();
      if (!address || typeof address === "string") throw new Error("no port");
      return `http://127.0.0.1:${address.port}/tsa`;
    },
    async close() {
      if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return tsa;
}
