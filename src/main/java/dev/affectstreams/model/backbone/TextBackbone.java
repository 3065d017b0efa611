package dev.affectstreams.model.backbone;

import ai.djl.Device;
import dev.affectstreams.avro.BackboneId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * A text backbone: each participant's transcript so far to one pooled vector, the mean over its
 * tokens as the reference pools DistilRoBERTa. Tokenisation belongs to the backbone.
 * {@value #HASHED_NGRAMS} is the weak built-in; {@code torchscript:<path>} a user's module with
 * its Hugging Face tokenizer beside it (see {@link TorchScriptText}).
 */
public interface TextBackbone extends AutoCloseable {

    /** The built-in, deliberately weak text backbone. */
    String HASHED_NGRAMS = "hashed-ngrams";

    BackboneId id();

    int outputDim();

    /** One vector per transcript; an empty transcript is embedded as the backbone embeds "". */
    float[][] embed(List<String> transcripts);

    @Override
    void close();

    /**
     * A text backbone by spec: {@value #HASHED_NGRAMS}, or {@code torchscript:<path>} (a path, or
     * a file name under {@link TensorBackbone#TORCHSCRIPT_DIR}).
     */
    static TextBackbone open(String spec, Device device) {
        if (HASHED_NGRAMS.equals(spec)) {
            return new HashedNgramText(HashedNgramText.DIM);
        }
        if (!spec.startsWith(TensorBackbone.TORCHSCRIPT)) {
            throw new IllegalArgumentException("unknown text backbone '" + spec + "': " + HASHED_NGRAMS
                    + " or torchscript:PATH");
        }
        try {
            return TorchScriptText.load(TensorBackbone.torchScriptFile(spec), device, TorchScriptText.MAX_TOKENS);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }
}
