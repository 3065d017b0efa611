// Publish one participant's camera frames (JPEG files) as one-second video chunks, then print the
// expression events for them, one JSON object per line. npm: kafkajs, avsc (package.json).
// usage: node chunks_and_events.js BOOTSTRAP SCHEMA_BUNDLE_DIR CALL_ID PARTICIPANT_ID SECONDS FRAME.jpg...
"use strict";
const fs = require("fs");
const avro = require("avsc");
const { Kafka, logLevel } = require("kafkajs");

const [bootstrap, bundle, call, participant, secondsText, ...frames] = process.argv.slice(2), seconds = +secondsText;
const fingerprints = JSON.parse(fs.readFileSync(`${bundle}/fingerprints.json`)); // bytes after C3 01
const types = Object.fromEntries(Object.keys(fingerprints).map(n =>
  [n, avro.Type.forSchema(JSON.parse(fs.readFileSync(`${bundle}/${n}.avsc`)))]));
// Avro single-object encoding: C3 01, the schema's fingerprint, the binary body
const encode = (name, record) => Buffer.concat([Buffer.from([0xc3, 0x01]),
  Buffer.from(fingerprints[name], "hex"), types[name].toBuffer(record)]);
function decode(name, data) {
  if (data[0] !== 0xc3 || data[1] !== 0x01 || data.subarray(2, 10).toString("hex") !== fingerprints[name]) {
    throw new Error(`not a ${name}: header ${data.subarray(0, 10).toString("hex")}`);
  }
  return types[name].fromBuffer(data.subarray(10));
}
function jpegSize(data) { // [width, height] from the first start-of-frame marker
  let i = 2;
  while (![0xc0, 0xc1, 0xc2].includes(data[i + 1])) i += 2 + data.readUInt16BE(i + 2);
  return [data.readUInt16BE(i + 7), data.readUInt16BE(i + 5)];
}

async function main() {
  const key = `${call}/${participant}`, jpegs = frames.map(f => fs.readFileSync(f)), start = Date.now();
  const [width, height] = jpegSize(jpegs[0]);
  const kafka = new Kafka({ brokers: bootstrap.split(","), logLevel: logLevel.ERROR });
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic: "consent", messages: [{ key, value: encode("ConsentRecord", { callId: call,
    participantId: participant, inferenceAllowed: true, retrainingAllowed: false, jurisdiction: "US",
    context: "PERSONAL", updatedAt: start }) }] });
  const chunks = [...Array(seconds).keys()].map(seq => ({ key, value: encode("VideoChunk", { callId: call,
    participantId: participant, seq, captureStart: start + seq * 1000, durationMs: 1000, fps: jpegs.length,
    width, height, frameFormat: "JPEG", payloadUri: null, producedAt: Date.now(), audioAbsent: true,
    frames: jpegs.map((data, i) => ({ offsetMicros: Math.floor(i * 1e6 / jpegs.length), data })) }) }));
  await producer.send({ topic: "av.video", messages: chunks }); // a real producer sends each second as captured
  await producer.disconnect(); // events are written in transactions: kafkajs reads only committed ones
  const consumer = kafka.consumer({ groupId: `example-${call}` });
  await consumer.connect();
  await consumer.subscribe({ topic: "expressions", fromBeginning: true });
  const seen = new Set();
  const done = new Promise(resolve => { setTimeout(resolve, 120_000).unref(); consumer.run({ eachMessage: async ({ message }) => {
    if (message.key.toString() !== key) return;
    const e = decode("ExpressionEvent", message.value);
    seen.add(Number(e.seq));
    console.log(JSON.stringify({ seq: Number(e.seq), label: e.dominantLabel, scores: e.scores,
      face: e.faceReading && e.faceReading.topClass, flags: e.qualityFlags }));
    if (seen.size === seconds) resolve();
  } }); });
  await done.then(() => consumer.disconnect());
  process.exit(seen.size === seconds ? 0 : 1);
}
main().catch(e => { console.error(e); process.exit(2); });
