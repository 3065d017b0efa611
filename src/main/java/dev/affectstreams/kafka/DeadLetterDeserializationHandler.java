package dev.affectstreams.kafka;

import dev.affectstreams.avro.ErrorRecord;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Undecodable input goes to the dead-letter topic as an {@link ErrorRecord} (stage
 * "deserialize", the decoder's reason, the original key and value bytes) and processing
 * continues. Configured with {@link #DLQ_TOPIC} in the Streams properties, and optionally
 * {@link #COUNTS}, the process's {@link DeadLetterCounts} (an object, not text), which counts each.
 */
public final class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {

    public static final String DLQ_TOPIC = "affect.dlq.topic";
    public static final String COUNTS = "affect.dlq.counts";
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterDeserializationHandler.class);

    private final AvroSerde<ErrorRecord> serde = AvroSerde.of(ErrorRecord.class);
    private String topic;
    private String applicationId;
    private DeadLetterCounts counts = new DeadLetterCounts();

    @Override
    public void configure(Map<String, ?> configs) {
        Object t = configs.get(DLQ_TOPIC);
        if (t == null) {
            throw new IllegalArgumentException(DLQ_TOPIC + " must name the dead-letter topic");
        }
        topic = t.toString();
        Object app = configs.get("application.id");
        applicationId = app == null ? null : app.toString();
        if (configs.get(COUNTS) instanceof DeadLetterCounts given) {
            counts = given;
        }
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        LOG.warn("Dead-lettering {}-{}@{}: {}", context.topic(), context.partition(), context.offset(),
                exception.getMessage());
        DeadLetter letter = new DeadLetter(new Provenance(context.topic(), context.partition(), context.offset()),
                record.key(), record.value(), record.timestamp());
        ErrorRecord error = letter.refused("deserialize", exception.getMessage(), exception,
                System.currentTimeMillis(), applicationId);
        byte[] value = serde.serialize(topic, error);
        counts.count(error, exception);
        return Response.resume(List.of(new ProducerRecord<>(topic, record.key(), value)));
    }
}
