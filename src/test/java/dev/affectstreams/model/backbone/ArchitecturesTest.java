package dev.affectstreams.model.backbone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ArchitecturesTest {

    @Test
    void shouldCostWhatTorchvisionPublishesForResNet152At224() {
        Architectures.Net net = Architectures.resnet2d(new int[] {3, 8, 36, 3}, 64, 224);

        assertThat(net.outputDim()).isEqualTo(2048);
        assertThat(net.macs() / 1e9).isCloseTo(11.5, within(0.2));
    }

    @Test
    void shouldCostWhatTheReferenceCountsAtItsInputSizes() {
        assertThat(Architectures.resnet2d(new int[] {3, 8, 36, 3}, 64, 180).macs() / 1e9).isCloseTo(8.3, within(0.3));
        Architectures.Net r3d = Architectures.resnet3d(new int[] {3, 4, 23, 3}, 64, 16, 180, 7);
        assertThat(r3d.outputDim()).isEqualTo(2048);
        assertThat(r3d.macs() / 1e9).isCloseTo(37.8, within(1.5));
        Architectures.Net audio = Architectures.resdavenet(new int[] {128, 256, 256, 512, 1024}, 128, 100);
        assertThat(audio.outputDim()).isEqualTo(1024);
        assertThat(audio.macs() / 1e9).isCloseTo(8.9, within(0.5));
    }

    @Test
    void shouldKnowTheLargestBufferA3dConvolutionUnfoldsOneClipInto() {
        // the 7x7x7 stem: 3 channels x 343 taps x 16 x 90 x 90 output positions, float32
        assertThat(Architectures.resnet3d(new int[] {3, 4, 23, 3}, 64, 16, 180, 7).unfoldBytesPerInput())
                .isEqualTo(3L * 343 * 16 * 90 * 90 * 4);
        assertThat(Architectures.resnet2d(new int[] {3, 8, 36, 3}, 64, 180).unfoldBytesPerInput()).isZero();
    }

    @Test
    void shouldGiveTheSameFeaturesWhenA3dBatchRunsInSlices() {
        try (ConvBackbone r3d = BackboneCatalog.open("r3d-small", Device.cpu(), 1)) {
            int volume = 3 * 16 * 112 * 112;
            int batch = r3d.slice() + 1;
            float[] clips = new float[batch * volume];
            Random random = new Random(3);
            for (int i = 0; i < clips.length; i++) {
                clips[i] = (float) random.nextGaussian();
            }

            float[][] together = r3d.embed(clips, batch);

            assertThat(r3d.slice()).isEqualTo(12);
            for (int i : new int[] {0, batch - 2, batch - 1}) {
                float[] alone = r3d.embed(Arrays.copyOfRange(clips, i * volume, (i + 1) * volume), 1)[0];
                for (int j = 0; j < alone.length; j++) {
                    assertThat(together[i][j]).as("clip %d feature %d", i, j).isCloseTo(alone[j], within(1e-4f));
                }
            }
        }
    }

    @Test
    void shouldCountTheFaceExpressionNetworksMultiplyAccumulatesLayerByLayer() {
        // 56x56: a 3x3x3→32 convolution and three separable 32→32; 28x28: separable 32→64 and three 64→64; ...
        long dense0 = 3136L * 27 * 32 + 3 * 3136L * (9 * 32 + 32 * 32);
        long dense1 = 784L * (9 * 32 + 32 * 64) + 3 * 784L * (9 * 64 + 64 * 64);
        long dense2 = 196L * (9 * 64 + 64 * 128) + 3 * 196L * (9 * 128 + 128 * 128);
        long dense3 = 49L * (9 * 128 + 128 * 256) + 3 * 49L * (9 * 256 + 256 * 256);

        assertThat(FaceExpressionNet.macs()).isEqualTo(dense0 + dense1 + dense2 + dense3).isEqualTo(51_537_024L);
    }

    @Test
    void shouldEmbedABatchWithTheSmallVariants() {
        for (String name : new String[] {"resnet-small", "r3d-small", "resdavenet-small"}) {
            try (ConvBackbone backbone = BackboneCatalog.open(name, Device.cpu(), 1)) {
                long volume = 1;
                for (long d : backbone.inputShape()) {
                    volume *= d;
                }
                float[] inputs = new float[(int) (2 * volume)];
                for (int i = 0; i < inputs.length; i++) {
                    inputs[i] = (float) Math.sin(i * 0.001);
                }

                float[][] out = backbone.embed(inputs, 2);

                assertThat(out).as(name).hasNumberOfRows(2);
                assertThat(out[0]).hasSize(backbone.outputDim());
                assertThat(backbone.embed(inputs, 2)[1]).as("deterministic in inference").containsExactly(out[1]);
            }
        }
    }

    @Test
    void shouldHashTextIntoAStableMeanOfTokenVectors() {
        HashedNgramText text = new HashedNgramText(64);

        float[] a = text.embed("That is wonderful!");
        assertThat(text.embed("that is WONDERFUL")).containsExactly(a);
        assertThat(text.embed("")).containsOnly(0f);
        double norm = 0;
        for (float v : a) {
            norm += Math.abs(v);
        }
        assertThat(norm).isCloseTo(1.0, within(1e-5));
    }
}
