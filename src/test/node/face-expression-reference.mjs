// Reference outputs of the original face expression network (@vladmandic/face-api 1.7.15,
// TensorFlow.js pure-JS CPU backend) on fixed inputs, written as the Java port's test fixture.
//
//   npm pack @vladmandic/face-api@1.7.15 && tar xzf vladmandic-face-api-1.7.15.tgz
//   node src/test/node/face-expression-reference.mjs package > src/test/resources/face-expression-net/reference.json
//
// Inputs are 112x112 RGB images given by an integer formula that the Java test repeats.
import fs from 'fs';
import path from 'path';

// tfjs picks its platform when imported: presenting a browser makes it use Node's global TextEncoder
globalThis.window = globalThis;
globalThis.document = {};
const dir = process.argv[2];
const faceapi = await import(path.resolve(dir, 'dist/face-api.esm.js'));
const tf = faceapi.tf;
await tf.setBackend('cpu');
await tf.ready();

const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'model/face_expression_model-weights_manifest.json')));
const bin = fs.readFileSync(path.join(dir, 'model/face_expression_model.bin'));
const weights = tf.io.decodeWeights(new Uint8Array(bin).buffer, manifest.flatMap((g) => g.weights));
const net = new faceapi.FaceExpressionNet();
net.loadFromWeightMap(weights);

function pixel(k, h, w, c) {
  return (h * (17 + k) + w * (29 + 2 * k) + c * 71 + h * w * (k + 1)) % 256;
}

const cases = [];
for (let k = 0; k < 3; k++) {
  const values = new Float32Array(112 * 112 * 3);
  for (let h = 0; h < 112; h++) for (let w = 0; w < 112; w++) for (let c = 0; c < 3; c++) {
    values[(h * 112 + w) * 3 + c] = pixel(k, h, w, c);
  }
  const x = tf.tensor4d(values, [1, 112, 112, 3]);
  const input = await faceapi.toNetInput(x);
  const features = net.faceFeatureExtractor.forwardInput(input);
  const logits = net.runNet(input);
  const probabilities = tf.softmax(logits);
  cases.push({ pattern: k, features: Array.from(features.dataSync()), logits: Array.from(logits.dataSync()),
    probabilities: Array.from(probabilities.dataSync()) });
}
const labels = ['neutral', 'happy', 'sad', 'angry', 'fearful', 'disgusted', 'surprised'];
process.stdout.write(JSON.stringify({ package: '@vladmandic/face-api@1.7.15', backend: tf.getBackend(),
  tfjs: tf.version_core, labels, cases }, null, 1) + '\n');
