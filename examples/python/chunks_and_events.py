#!/usr/bin/env python3
"""Publish one participant's camera frames (JPEG files) as one-second video chunks, then print the
expression events for them, one JSON object per line. Debian: python3-confluent-kafka, python3-avro.
usage: chunks_and_events.py BOOTSTRAP SCHEMA_BUNDLE_DIR CALL_ID PARTICIPANT_ID SECONDS FRAME.jpg..."""
import datetime, io, json, struct, sys, time
import avro.io, avro.schema
from confluent_kafka import Consumer, Producer

bootstrap, bundle, call, participant, seconds, frames = *sys.argv[1:5], int(sys.argv[5]), sys.argv[6:]
fingerprints = json.load(open(f"{bundle}/fingerprints.json"))  # the 8 bytes after C3 01, per record
schemas = {n: avro.schema.parse(open(f"{bundle}/{n}.avsc").read()) for n in fingerprints}

def encode(name, record):  # Avro single-object encoding: C3 01, fingerprint, binary body
    out = io.BytesIO(b"\xc3\x01" + bytes.fromhex(fingerprints[name]))
    out.seek(10)
    avro.io.DatumWriter(schemas[name]).write(record, avro.io.BinaryEncoder(out))
    return out.getvalue()

def decode(name, data):
    if data[:2] != b"\xc3\x01" or data[2:10].hex() != fingerprints[name]:
        raise ValueError(f"not a {name}: header {data[:10].hex()}")
    return avro.io.DatumReader(schemas[name]).read(avro.io.BinaryDecoder(io.BytesIO(data[10:])))

def jpeg_size(data):  # (width, height) from the first start-of-frame marker
    i = 2
    while data[i + 1] not in (0xC0, 0xC1, 0xC2):
        i += 2 + struct.unpack(">H", data[i + 2:i + 4])[0]
    height, width = struct.unpack(">HH", data[i + 5:i + 9])
    return width, height

now = lambda: datetime.datetime.now(datetime.timezone.utc)
key, jpegs, start = f"{call}/{participant}".encode(), [open(f, "rb").read() for f in frames], now()
width, height = jpeg_size(jpegs[0])
producer = Producer({"bootstrap.servers": bootstrap, "enable.idempotence": True})
producer.produce("consent", key=key, value=encode("ConsentRecord", {"callId": call, "participantId": participant,
    "inferenceAllowed": True, "retrainingAllowed": False, "jurisdiction": "US", "context": "PERSONAL",
    "updatedAt": start}))
for seq in range(seconds):  # a real producer sends each second as it is captured
    producer.produce("av.video", key=key, value=encode("VideoChunk", {"callId": call, "participantId": participant,
        "seq": seq, "captureStart": start + datetime.timedelta(seconds=seq), "durationMs": 1000,
        "fps": float(len(jpegs)), "width": width, "height": height, "frameFormat": "JPEG", "payloadUri": None,
        "frames": [{"offsetMicros": i * 1_000_000 // len(jpegs), "data": j} for i, j in enumerate(jpegs)],
        "producedAt": now(), "audioAbsent": True}))  # no microphone: the chunk goes on without audio
producer.flush()
consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": f"example-{call}", "auto.offset.reset": "earliest",
                     "isolation.level": "read_committed"})  # events are written in transactions
consumer.subscribe(["expressions"])
seen, deadline = set(), time.time() + 120
while len(seen) < seconds and time.time() < deadline:
    message = consumer.poll(1.0)
    if message is None or message.error() or message.key() != key:
        continue
    event = decode("ExpressionEvent", message.value())
    seen.add(event["seq"])
    face = event["faceReading"]
    print(json.dumps({"seq": event["seq"], "label": event["dominantLabel"], "scores": event["scores"],
                      "face": face and face["topClass"], "flags": event["qualityFlags"]}), flush=True)
consumer.close()
sys.exit(0 if len(seen) == seconds else 1)
