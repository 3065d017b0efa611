package dev.affectstreams.retrain;

import dev.affectstreams.avro.TrainingSample;
import dev.affectstreams.kafka.AvroSerde;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The worker's bounded, persistent store of training samples (RocksDB, written with a synced
 * WAL, so a sample reported as added survives a kill). A sample is identified by its
 * {@code sampleId}: an exact repeat is dropped, a labelled copy of an unlabelled sample
 * replaces it. Beyond the capacity the oldest unlabelled sample is evicted first (labels are
 * scarce), then the oldest labelled one. The count of samples new since the last finished
 * round is kept with them, so a round interrupted by a crash runs again after a restart.
 */
public final class ReplayBuffer implements AutoCloseable {

    /** What {@link #add} did with a sample. */
    public enum Added { NEW, LABELLED, DUPLICATE }

    private static final byte[] NEXT = bytes("next-arrival");
    private static final byte[] NEW_SINCE_ROUND = bytes("new-since-round");
    private static final byte[] LAST_ROUND = bytes("last-round-ms");

    static {
        RocksDB.loadLibrary();
    }

    private final AvroSerde<TrainingSample> serde = AvroSerde.of(TrainingSample.class);
    private final int capacity;
    private final RocksDB db;
    private final DBOptions options;
    private final List<ColumnFamilyHandle> handles = new ArrayList<>();
    private final ColumnFamilyHandle meta;
    private final ColumnFamilyHandle samples;
    private final ColumnFamilyHandle unlabelledOrder;
    private final ColumnFamilyHandle labelledOrder;
    private final WriteOptions synced = new WriteOptions().setSync(true);
    private long next;
    private long newSinceRound;
    private long lastRoundMs;
    private int unlabelled;
    private int labelled;

    private ReplayBuffer(Path dir, int capacity) throws IOException {
        this.capacity = capacity;
        try {
            Files.createDirectories(dir);
            options = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
            List<ColumnFamilyDescriptor> families = List.of(
                    new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY),
                    new ColumnFamilyDescriptor(bytes("samples")),
                    new ColumnFamilyDescriptor(bytes("unlabelled-order")),
                    new ColumnFamilyDescriptor(bytes("labelled-order")));
            db = RocksDB.open(options, dir.toString(), families, handles);
            meta = handles.get(0);
            samples = handles.get(1);
            unlabelledOrder = handles.get(2);
            labelledOrder = handles.get(3);
            next = readLong(NEXT);
            newSinceRound = readLong(NEW_SINCE_ROUND);
            lastRoundMs = readLong(LAST_ROUND);
            unlabelled = count(unlabelledOrder);
            labelled = count(labelledOrder);
        } catch (RocksDBException e) {
            throw new IOException("cannot open the replay buffer at " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Opens (or creates) the buffer in a directory. */
    public static ReplayBuffer open(Path dir, int capacity) throws IOException {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        return new ReplayBuffer(dir, capacity);
    }

    /** Adds a sample durably, evicting beyond the capacity. */
    public synchronized Added add(TrainingSample sample) throws IOException {
        byte[] id = bytes(sample.getSampleId());
        boolean isLabelled = sample.getLabels() != null && sample.getLabelSet() != null;
        try (WriteBatch batch = new WriteBatch()) {
            byte[] existing = db.get(samples, id);
            byte[] replacedOrder = null;
            if (existing != null) {
                boolean wasLabelled = existing[8] == 1;
                if (wasLabelled || !isLabelled) {
                    return Added.DUPLICATE;
                }
                replacedOrder = Arrays.copyOf(existing, 8);
                batch.delete(unlabelledOrder, replacedOrder);
                unlabelled--;
            }
            long arrival = next++;
            byte[] order = ByteBuffer.allocate(8).putLong(arrival).array();
            byte[] body = serde.serialize(null, sample);
            byte[] value = ByteBuffer.allocate(9 + body.length).put(order).put((byte) (isLabelled ? 1 : 0)).put(body)
                    .array();
            batch.put(samples, id, value);
            batch.put(isLabelled ? labelledOrder : unlabelledOrder, order, id);
            if (isLabelled) {
                labelled++;
            } else {
                unlabelled++;
            }
            newSinceRound++;
            evict(batch, unlabelled + labelled - capacity, replacedOrder);
            batch.put(meta, NEXT, longBytes(next));
            batch.put(meta, NEW_SINCE_ROUND, longBytes(newSinceRound));
            db.write(synced, batch);
            return existing == null ? Added.NEW : Added.LABELLED;
        } catch (RocksDBException e) {
            throw new IOException("cannot write to the replay buffer: " + e.getMessage(), e);
        }
    }

    /**
     * Deletes the {@code excess} oldest stored samples, unlabelled ones first. Only samples
     * already in the database are candidates: the one being added is never evicted by its
     * own arrival, nor is the unlabelled entry it replaces counted twice.
     */
    private void evict(WriteBatch batch, int excess, byte[] skip) throws RocksDBException {
        for (ColumnFamilyHandle order : List.of(unlabelledOrder, labelledOrder)) {
            try (RocksIterator it = db.newIterator(order)) {
                for (it.seekToFirst(); it.isValid() && excess > 0; it.next()) {
                    if (order == unlabelledOrder && skip != null && Arrays.equals(skip, it.key())) {
                        continue;
                    }
                    batch.delete(order, it.key());
                    batch.delete(samples, it.value());
                    if (order == unlabelledOrder) {
                        unlabelled--;
                    } else {
                        labelled--;
                    }
                    excess--;
                }
            }
        }
    }

    /** Every sample, oldest first (unlabelled and labelled interleaved by arrival). */
    public synchronized List<TrainingSample> snapshot() {
        List<TrainingSample> all = new ArrayList<>(unlabelled + labelled);
        try (RocksIterator it = db.newIterator(samples)) {
            List<byte[]> values = new ArrayList<>();
            for (it.seekToFirst(); it.isValid(); it.next()) {
                values.add(it.value());
            }
            values.sort((a, b) -> Arrays.compareUnsigned(a, 0, 8, b, 0, 8));
            for (byte[] v : values) {
                all.add(serde.deserialize(null, Arrays.copyOfRange(v, 9, v.length)));
            }
        }
        return all;
    }

    public synchronized int size() {
        return unlabelled + labelled;
    }

    public synchronized int labelled() {
        return labelled;
    }

    public int capacity() {
        return capacity;
    }

    /** Samples added since the last finished round. */
    public synchronized long newSinceRound() {
        return newSinceRound;
    }

    /** When the last round finished (epoch ms), 0 before the first. */
    public synchronized long lastRoundMs() {
        return lastRoundMs;
    }

    /** Records a finished round that started when {@code newAtStart} samples were new. */
    public synchronized void roundFinished(long newAtStart, long finishedAtMs) throws IOException {
        newSinceRound = Math.max(0, newSinceRound - newAtStart);
        lastRoundMs = finishedAtMs;
        try (WriteBatch batch = new WriteBatch()) {
            batch.put(meta, NEW_SINCE_ROUND, longBytes(newSinceRound));
            batch.put(meta, LAST_ROUND, longBytes(lastRoundMs));
            db.write(synced, batch);
        } catch (RocksDBException e) {
            throw new IOException("cannot write to the replay buffer: " + e.getMessage(), e);
        }
    }

    private long readLong(byte[] key) throws RocksDBException {
        byte[] v = db.get(meta, key);
        return v == null ? 0 : ByteBuffer.wrap(v).getLong();
    }

    private int count(ColumnFamilyHandle family) {
        int n = 0;
        try (RocksIterator it = db.newIterator(family)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                n++;
            }
        }
        return n;
    }

    private static byte[] longBytes(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void close() {
        handles.forEach(ColumnFamilyHandle::close);
        db.close();
        options.close();
        synced.close();
    }
}
