package dev.affectstreams.model.backbone;

import ai.djl.Device;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.affectstreams.avro.BackboneId;
import dev.affectstreams.media.NpmPackage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A user's TorchScript text encoder (e.g. the emotion DistilRoBERTa the reference uses) with its
 * Hugging Face tokenizer: {@code NAME.pt} and {@code NAME.tokenizer.json} side by side. Each
 * transcript is tokenised with the tokenizer's special tokens and no padding, as the reference
 * tokenises; a batch is padded to its longest transcript with an attention mask. The module takes
 * {@code (input_ids, attention_mask)}, both int64 [batch, T], and returns the last hidden state
 * [batch, T, D] (alone or first of a tuple, as Hugging Face models traced with
 * {@code torchscript=True} do); the pooled vector is the mean over the transcript's tokens,
 * {@code <s>} and {@code </s>} included. A transcript longer than {@link #MAX_TOKENS} keeps its
 * first token and its last ones, so the newest words are always seen. Identified by the module's
 * file name and the SHA-256 of both files.
 */
public final class TorchScriptText implements TextBackbone {

    /** DistilRoBERTa's 514 positions less its two offsets. */
    public static final int MAX_TOKENS = 512;

    private final ZooModel<NDList, NDList> model;
    private final Predictor<NDList, NDList> predictor;
    private final NDManager manager;
    private final HuggingFaceTokenizer tokenizer;
    private final long padId;
    private final int maxTokens;
    private final BackboneId id;
    private final int outputDim;

    private TorchScriptText(ZooModel<NDList, NDList> model, HuggingFaceTokenizer tokenizer, long padId, int maxTokens,
                            BackboneId id) {
        this.model = model;
        this.predictor = model.newPredictor();
        this.manager = model.getNDManager().newSubManager();
        this.tokenizer = tokenizer;
        this.padId = padId;
        this.maxTokens = maxTokens;
        this.id = id;
        this.outputDim = embed(List.of(""))[0].length;
    }

    /** The tokenizer that goes with a module: {@code NAME.tokenizer.json} beside {@code NAME.pt}. */
    public static Path tokenizerOf(Path module) {
        String name = module.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return module.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".tokenizer.json");
    }

    static TorchScriptText load(Path module, Device device, int maxTokens) throws IOException {
        if (!Files.isRegularFile(module)) {
            throw new IOException("no TorchScript module at " + module);
        }
        Path tokenizerFile = tokenizerOf(module);
        if (!Files.isRegularFile(tokenizerFile)) {
            throw new IOException("the TorchScript text module " + module + " needs its tokenizer at " + tokenizerFile
                    + " (the tokenizer.json of its Hugging Face tokenizer)");
        }
        long padId = padId(tokenizerFile);
        HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(tokenizerFile,
                Map.of("addSpecialTokens", "true", "truncation", "false", "padding", "false"));
        ZooModel<NDList, NDList> model;
        try {
            model = TorchScriptBackbone.loadModule(module, device);
        } catch (IOException e) {
            tokenizer.close();
            throw e;
        }
        BackboneId id = new BackboneId(TensorBackbone.TORCHSCRIPT + module.getFileName(), "1",
                NpmPackage.sha256(module) + "+" + NpmPackage.sha256(tokenizerFile));
        try {
            return new TorchScriptText(model, tokenizer, padId, maxTokens, id);
        } catch (RuntimeException e) {
            model.close();
            tokenizer.close();
            throw new IOException("the TorchScript text module " + module + " does not take (input_ids, "
                    + "attention_mask) int64 [batch, T] and return [batch, T, D] hidden states: " + e.getMessage(), e);
        }
    }

    /** The tokenizer's padding id, else the id of its {@code <pad>} or {@code [PAD]} token, else 0 (masked anyway). */
    static long padId(Path tokenizerFile) throws IOException {
        JsonNode json = new ObjectMapper().readTree(tokenizerFile.toFile());
        JsonNode padding = json.path("padding");
        if (padding.has("pad_id")) {
            return padding.get("pad_id").asLong();
        }
        for (JsonNode token : json.path("added_tokens")) {
            String content = token.path("content").asText();
            if (content.equals("<pad>") || content.equals("[PAD]")) {
                return token.path("id").asLong();
            }
        }
        return 0;
    }

    /** A transcript's token ids: special tokens added, at most {@link #MAX_TOKENS} (the first and the newest). */
    public long[] tokens(String transcript) {
        long[] ids = tokenizer.encode(transcript).getIds();
        if (ids.length <= maxTokens) {
            return ids;
        }
        long[] kept = new long[maxTokens];
        kept[0] = ids[0];
        System.arraycopy(ids, ids.length - (maxTokens - 1), kept, 1, maxTokens - 1);
        return kept;
    }

    @Override
    public BackboneId id() {
        return id;
    }

    @Override
    public int outputDim() {
        return outputDim;
    }

    @Override
    public float[][] embed(List<String> transcripts) {
        if (transcripts.isEmpty()) {
            return new float[0][];
        }
        List<long[]> tokenised = new ArrayList<>();
        int longest = 1;
        for (String t : transcripts) {
            long[] ids = tokens(t);
            tokenised.add(ids);
            longest = Math.max(longest, ids.length);
        }
        int batch = transcripts.size();
        long[] ids = new long[batch * longest];
        long[] mask = new long[batch * longest];
        Arrays.fill(ids, padId);
        for (int i = 0; i < batch; i++) {
            long[] row = tokenised.get(i);
            System.arraycopy(row, 0, ids, i * longest, row.length);
            Arrays.fill(mask, i * longest, i * longest + row.length, 1L);
        }
        try (NDManager scope = manager.newSubManager()) {
            Shape shape = new Shape(batch, longest);
            NDArray maskArray = scope.create(mask, shape);
            NDList out = predictor.predict(new NDList(scope.create(ids, shape), maskArray));
            NDArray hidden = out.get(0);
            if (hidden.getShape().dimension() != 3 || hidden.getShape().get(0) != batch
                    || hidden.getShape().get(1) != longest) {
                throw new IllegalStateException("the module returned " + hidden.getShape() + ", not [" + batch + ", "
                        + longest + ", D]");
            }
            NDArray weights = maskArray.toType(DataType.FLOAT32, false).expandDims(2);
            NDArray pooled = hidden.mul(weights).sum(new int[] {1}).div(weights.sum(new int[] {1}));
            return TensorBackbone.rows(pooled.toFloatArray(), batch, (int) hidden.getShape().get(2));
        } catch (TranslateException e) {
            throw new IllegalStateException("the TorchScript text backbone " + id.getName() + " failed: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        predictor.close();
        manager.close();
        model.close();
        tokenizer.close();
    }
}
