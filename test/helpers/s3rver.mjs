// s3rver (an S3-protocol server keeping its buckets in a folder) for the tests, in a process of its
// own: ./s3.ts forks it with --openssl-legacy-provider, since s3rver makes ListObjectsV2's
// continuation tokens with DES, which OpenSSL 3 keeps in its legacy provider. It answers its port
// over IPC and stops when the test process lets go of it (or dies).
import S3rver from 's3rver';

const [directory] = process.argv.slice(2);
const server = new S3rver({ address: '127.0.0.1', port: 0, directory, silent: true });
const { port } = await server.run();
process.send({ port });
process.on('disconnect', () => {
  server.close().finally(() => process.exit(0));
});
