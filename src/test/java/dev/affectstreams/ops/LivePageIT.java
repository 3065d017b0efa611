package dev.affectstreams.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affectstreams.app.LivePath;
import dev.affectstreams.app.ServedLine;
import dev.affectstreams.avro.ExpressionEvent;
import dev.affectstreams.avro.QualityFlag;
import dev.affectstreams.config.ConfigLoader;
import dev.affectstreams.config.EffectiveConfig;
import dev.affectstreams.config.Settings;
import dev.affectstreams.config.Topics;
import dev.affectstreams.ingest.CapturedSecond;
import dev.affectstreams.ingest.ChunkEncoder;
import dev.affectstreams.ingest.ChunkPublisher;
import dev.affectstreams.inference.InferenceSettings;
import dev.affectstreams.kafka.EmbeddedKafkaBroker;
import dev.affectstreams.kafka.TopicAdmin;
import dev.affectstreams.model.LabelSet;
import dev.affectstreams.sim.ParticipantSecond;
import dev.affectstreams.sim.SimulatedCall;
import dev.affectstreams.testing.ConsentGrants;
import dev.affectstreams.testing.ReadCommitted;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.InterruptException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The live page in a real browser (Debian's chromium, driven through its chromedriver by
 * Selenium): a simulated call published in real time through the embedded broker and the live
 * path; the page lists the call and its participants, each card follows the events as they are
 * committed (its second and label are those of the participant's latest event), draws its
 * timeline, and a screenshot is written to target/live-page/; a participant whose consent is
 * withdrawn leaves the open page. Skipped where chromium or
 * chromedriver is missing.
 */
class LivePageIT {

    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM_BIN", "/usr/bin/chromium"));
    private static final Path DRIVER = Path.of(System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver"));
    private static final int PARTICIPANTS = 3;
    private static final int SECONDS = 40;

    @TempDir
    Path dir;

    @Test
    void shouldShowEachParticipantsExpressionAsEventsArrive() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
                "the live page's browser test needs Debian's chromium and chromium-driver (" + CHROMIUM + ", " + DRIVER
                        + ")");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0)) {
            EffectiveConfig config = ConfigLoader.load(null, Map.of(), Map.of(
                    "bootstrap.servers", broker.bootstrapServers(), "streams.state.dir", dir.resolve("state").toString(),
                    "model.dir", Path.of("target", "it-models").toAbsolutePath().toString(), "application.id", "page-it",
                    "device", "cpu", "registry.dir", dir.resolve("registry").toString(), "http.port", "0"));
            Topics topics = Topics.from(config);
            Map<String, Object> client = Map.of("bootstrap.servers", broker.bootstrapServers());
            try (Admin admin = Admin.create(client)) {
                new TopicAdmin(admin).ensure(topics.all(), 2, (short) 1);
            }
            var release = ServedLine.initial(config, client, ServedLine.configured(config, line -> { }), line -> { });
            try (StateQueryServer api = new StateQueryServer("localhost", 0);
                 LivePath live = new LivePath(config.with(Settings.HTTP_PORT, api.port()), client, release,
                         InferenceSettings.defaults())) {
                live.start();
                api.start(live.queries(), () -> live.state().name(), () -> "", client, topics.expressions());
                String[] keys = new String[PARTICIPANTS];
                for (int i = 0; i < PARTICIPANTS; i++) {
                    keys[i] = "page-call/p" + (i + 1);
                }
                ConsentGrants.allow(client, topics, keys);
                Thread publisher = new Thread(() -> publishInRealTime(client, topics), "page-it-publisher");
                publisher.setDaemon(true);
                publisher.start();
                Map<String, ExpressionEvent> latest = new ConcurrentHashMap<>();
                Thread reader = new Thread(() -> follow(client, topics, latest), "page-it-reader");
                reader.setDaemon(true);
                reader.start();
                WebDriver browser = browser();
                try {
                    check(browser, "http://localhost:" + api.port() + "/", latest, release.manifest().modelName());
                    // consent withdrawn: the participant leaves the open page
                    ConsentGrants.withdraw(client, topics, "page-call/p3");
                    new WebDriverWait(browser, Duration.ofSeconds(20)).until(b ->
                            b.findElements(By.cssSelector(".participant[data-participant='p3']")).isEmpty());
                    assertThat(browser.findElements(By.cssSelector(".participant"))).hasSize(PARTICIPANTS - 1);
                } finally {
                    browser.quit();
                }
            }
        }
    }

    private void check(WebDriver browser, String page, Map<String, ExpressionEvent> latest, String modelName)
            throws Exception {
        browser.get(page);
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(120));
        // the page lists the call and, with no call chosen, opens the first
        wait.until(b -> !b.findElements(By.cssSelector("#calls a[data-call='page-call']")).isEmpty());
        wait.until(b -> b.findElements(By.cssSelector(".participant[data-seq]")).size() == PARTICIPANTS);
        assertThat(browser.findElements(By.cssSelector(".participant")))
                .extracting(e -> e.getAttribute("data-participant")).containsExactly("p1", "p2", "p3");
        assertThat(browser.findElement(By.id("call-title")).getText()).isEqualTo("Call page-call");

        // as events arrive, each card moves on to its participant's latest second and shows its label
        Map<String, Long> first = seconds(browser);
        Map<String, List<String>> shown = new HashMap<>();
        long until = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < until) {
            for (WebElement card : browser.findElements(By.cssSelector(".participant[data-seq]"))) {
                String id = card.getAttribute("data-participant");
                String label = card.findElement(By.cssSelector("[data-role=label]")).getText();
                List<String> labels = shown.computeIfAbsent(id, k -> new ArrayList<>());
                if (labels.isEmpty() || !labels.get(labels.size() - 1).equals(label)) {
                    labels.add(label);
                }
            }
            Thread.sleep(250);
        }
        Map<String, Long> later = seconds(browser);
        for (String id : first.keySet()) {
            assertThat(later.get(id)).as("%s's card moved on with new events", id).isGreaterThanOrEqualTo(first.get(id) + 5);
        }
        // the cards agree with the events on the topic: once the reader has caught up, the label on
        // each card is the dominant label of the event of the second the card shows
        wait.withTimeout(Duration.ofSeconds(20)).until(b -> {
            for (WebElement card : b.findElements(By.cssSelector(".participant[data-seq]"))) {
                ExpressionEvent e = latest.get("page-call/" + card.getAttribute("data-participant"));
                if (e == null || e.getSeq() != Long.parseLong(card.getAttribute("data-seq"))) {
                    return false;
                }
                String expected = !e.getScores().isEmpty()
                        ? (e.getDominantLabel() == null ? LabelSet.NEUTRAL : e.getDominantLabel())
                        : e.getQualityFlags().contains(QualityFlag.NO_FACE) ? "no face" : "not scored";
                if (!card.findElement(By.cssSelector("[data-role=label]")).getText().equalsIgnoreCase(expected)) {
                    return false;
                }
            }
            return true;
        });
        assertThat(shown.values()).allSatisfy(labels -> assertThat(labels).doesNotContain("…"));
        WebElement card = browser.findElement(By.cssSelector(".participant[data-participant='p1']"));
        assertThat(card.findElement(By.cssSelector("[data-role=meta]")).getText()).contains("second ", modelName);
        assertThat(card.findElements(By.cssSelector(".chart canvas"))).as("p1's timeline is drawn").isNotEmpty();

        Path out = Path.of("target", "live-page");
        Files.createDirectories(out);
        File shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), out.resolve("live-page.png"), StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(out.resolve("labels-shown.txt"), shown.toString());
    }

    private static Map<String, Long> seconds(WebDriver browser) {
        Map<String, Long> out = new HashMap<>();
        browser.findElements(By.cssSelector(".participant[data-seq]")).forEach(c ->
                out.put(c.getAttribute("data-participant"), Long.parseLong(c.getAttribute("data-seq"))));
        return out;
    }

    private static WebDriver browser() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1400,1000", "--no-first-run", "--disable-extensions",
                // nothing here reaches the network: no background connections to be refused
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /** The simulated call, one second of every participant each second. */
    private static void publishInRealTime(Map<String, Object> client, Topics topics) {
        SimulatedCall call = new SimulatedCall("page-call", PARTICIPANTS, SECONDS, 160, 120, 10);
        try (ChunkPublisher publisher = new ChunkPublisher(client, topics, new ChunkEncoder(0.8f), 1_000_000,
                Clock.systemUTC())) {
            for (int s = 0; s < SECONDS; s++) {
                long start = System.currentTimeMillis();
                for (ParticipantSecond p : call.next()) {
                    publisher.publish(new CapturedSecond("page-call", p.participantId(), p.seq(), p.frames(),
                            p.frameOffsetsMicros(), p.audio(), 10));
                }
                Thread.sleep(Math.max(0, 1000 - (System.currentTimeMillis() - start)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The latest event of each participant, as a read_committed consumer sees them. */
    private static void follow(Map<String, Object> client, Topics topics, Map<String, ExpressionEvent> latest) {
        try (KafkaConsumer<String, ExpressionEvent> consumer = ReadCommitted.events(client, topics)) {
            while (!Thread.currentThread().isInterrupted()) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> latest.merge(r.key(), r.value(),
                        (a, b) -> b.getSeq() >= a.getSeq() ? b : a));
            }
        } catch (InterruptException e) {
            Thread.currentThread().interrupt();
        }
    }
}
