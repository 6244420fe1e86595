// The S3 HTTP server of e2e/support/s3rver.ts, in its own process: the test
// process blocks on spawnSync (the seed script), and a server living in it
// would then never answer. Prints {"port": n} once listening, serves until killed.
import S3rver from "s3rver";

const [directory, bucket] = process.argv.slice(2);
const server = new S3rver({ port: 0, address: "127.0.0.1", directory, silent: true, configureBuckets: [{ name: bucket }] });
const { port } = await server.run();
process.stdout.write(`${JSON.stringify({ port })}\n`);
