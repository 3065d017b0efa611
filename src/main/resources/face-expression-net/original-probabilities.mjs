// The original face expression network (face-api, TensorFlow.js pure-JS CPU backend) on the
// inputs the Java port was given: N x 112 x 112 x 3 float32 little-endian RGB values in 0..255.
//
//   node original-probabilities.mjs PACKAGE_DIR INPUTS.f32 N > probabilities.json
import fs from 'fs';
import path from 'path';

// tfjs picks its platform when imported: presenting a browser makes it use Node's global TextEncoder
globalThis.window = globalThis;
globalThis.document = {};
const [dir, file, count] = process.argv.slice(2);
const faceapi = await import(path.resolve(dir, 'dist/face-api.esm.js'));
const tf = faceapi.tf;
await tf.setBackend('cpu');
await tf.ready();

const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'model/face_expression_model-weights_manifest.json')));
const bin = fs.readFileSync(path.join(dir, 'model/face_expression_model.bin'));
const weights = tf.io.decodeWeights(new Uint8Array(bin).buffer, manifest.flatMap((g) => g.weights));
const net = new faceapi.FaceExpressionNet();
net.loadFromWeightMap(weights);

const raw = fs.readFileSync(file);
const all = new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4);
const n = Number(count);
const size = 112 * 112 * 3;
const out = [];
for (let i = 0; i < n; i++) {
  const x = tf.tensor4d(all.slice(i * size, (i + 1) * size), [1, 112, 112, 3]);
  const input = await faceapi.toNetInput(x);
  const p = tf.softmax(net.runNet(input));
  out.push(Array.from(p.dataSync()));
}
process.stdout.write(JSON.stringify({ package: '@vladmandic/face-api@1.7.15', backend: tf.getBackend(),
  tfjs: tf.version_core, probabilities: out }) + '\n');
