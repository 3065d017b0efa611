package dev.affectstreams.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.ArchRule;
import java.util.List;

/**
 * The layering of the product, as rules over its compiled classes. Media flows ingest → sync →
 * inference → events; releases flow retrain → registry → inference; the model knows nothing of
 * Kafka or releases; the application layer wires the rest and only commands and benchmarks use
 * it; nothing depends on the command line; benchmarks depend on the product, never the reverse;
 * only the packages that run tensors use DJL.
 */
final class LayeringRules {

    private static final String P = "dev.affectstreams.";

    private LayeringRules() {
    }

    static final ArchRule NOTHING_DEPENDS_ON_CLI = noClasses().that().resideOutsideOfPackage(P + "cli..")
            .should().dependOnClassesThat().resideInAPackage(P + "cli..")
            .because("commands only parse arguments and call the application layer");

    static final ArchRule APP_ONLY_FROM_COMMANDS_AND_BENCHMARKS = noClasses()
            .that().resideOutsideOfPackages(P + "app..", P + "cli..", P + "bench..")
            .should().dependOnClassesThat().resideInAPackage(P + "app..")
            .because("the application layer wires the product; the product does not call back into it");

    static final ArchRule BENCHMARKS_ARE_NOT_PRODUCT = noClasses()
            .that().resideOutsideOfPackages(P + "bench..", P + "cli..")
            .should().dependOnClassesThat().resideInAPackage(P + "bench..")
            .because("benchmarks depend on the product, never the reverse");

    static final ArchRule INGEST_KNOWS_NOTHING_DOWNSTREAM = noClasses().that().resideInAPackage(P + "ingest..")
            .should().dependOnClassesThat().resideInAnyPackage(P + "sync..", P + "inference..", P + "events..",
                    P + "retrain..", P + "registry..", P + "jobs..", P + "ops..", P + "model..")
            .because("ingest only turns sources into encoded chunks");

    static final ArchRule SYNC_KNOWS_NOTHING_DOWNSTREAM = noClasses().that().resideInAPackage(P + "sync..")
            .should().dependOnClassesThat().resideInAnyPackage(P + "ingest..", P + "inference..", P + "events..",
                    P + "retrain..", P + "registry..", P + "jobs..", P + "ops..", P + "sim..", P + "model..")
            .because("the synchronizer pairs chunks and knows nothing of models or sources");

    static final ArchRule INFERENCE_DOES_NOT_REACH_BACK = noClasses().that().resideInAPackage(P + "inference..")
            .should().dependOnClassesThat().resideInAnyPackage(P + "ingest..", P + "sim..", P + "retrain..",
                    P + "jobs..", P + "ops..")
            .because("the live path reads synced chunks and served releases, never sources, training or the API");

    static final ArchRule EVENTS_ARE_DOWNSTREAM = noClasses().that().resideInAPackage(P + "events..")
            .should().dependOnClassesThat().resideInAnyPackage(P + "ingest..", P + "sync..", P + "inference..",
                    P + "retrain..", P + "registry..", P + "jobs..", P + "model..")
            .because("consent and smoothing are rules over events, not over models or media");

    static final ArchRule RETRAINING_REACHES_LIVE_ONLY_THROUGH_REGISTRY = noClasses()
            .that().resideInAPackage(P + "retrain..")
            .should().dependOnClassesThat().resideInAnyPackage(P + "inference..", P + "ingest..", P + "sync..",
                    P + "ops..", P + "sim..")
            .because("a retrained release reaches the live path only as an announcement on the models topic");

    static final ArchRule REGISTRY_BELOW_ITS_USERS = noClasses().that().resideInAPackage(P + "registry..")
            .should().dependOnClassesThat().resideInAnyPackage(P + "inference..", P + "retrain..", P + "jobs..",
                    P + "ingest..", P + "sync..", P + "events..", P + "ops..", P + "sim..")
            .because("the registry owns releases; the live path, the worker and the jobs use it");

    static final ArchRule MODEL_KNOWS_NO_RELEASES_OR_KAFKA = noClasses().that().resideInAPackage(P + "model..")
            .should().dependOnClassesThat().resideInAnyPackage(P + "registry..", P + "jobs..", P + "inference..",
                    P + "retrain..", P + "kafka..", P + "config..", P + "sync..", P + "ingest..", P + "events..",
                    P + "ops..", P + "sim..", P + "claimcheck..")
            .because("the method is testable alone, on tensors and feature files");

    static final ArchRule JOBS_ARE_OFFLINE = noClasses().that().resideInAPackage(P + "jobs..")
            .should().dependOnClassesThat().resideInAnyPackage(P + "inference..", P + "retrain..", P + "sync..",
                    P + "ingest..", P + "events..", P + "ops..", P + "kafka..")
            .because("offline jobs read files and write releases; they run without a broker");

    static final ArchRule MEDIA_AND_SIMULATOR_STAND_ALONE = noClasses()
            .that().resideInAnyPackage(P + "media..", P + "sim..")
            .should().dependOnClassesThat().resideInAnyPackage(P + "kafka..", P + "config..", P + "sync..",
                    P + "inference..", P + "events..", P + "retrain..", P + "registry..", P + "jobs..", P + "model..",
                    P + "ingest..", P + "ops..")
            .because("decoding media and simulating calls need nothing of the pipeline");

    static final ArchRule CLAIM_CHECKS_NEED_ONLY_SETTINGS = noClasses().that().resideInAPackage(P + "claimcheck..")
            .should().dependOnClassesThat().resideInAnyPackage(P + "kafka..", P + "sync..", P + "inference..",
                    P + "events..", P + "retrain..", P + "registry..", P + "jobs..", P + "model..", P + "ingest..",
                    P + "ops..", P + "media..", P + "sim..")
            .because("a claim-check store is a directory named by a setting, shared by ingest and the live path");

    static final ArchRule ONLY_TENSOR_PACKAGES_USE_DJL = noClasses()
            .that().resideOutsideOfPackages(P + "model..", P + "inference..", P + "retrain..", P + "registry..",
                    P + "jobs..", P + "bench..")
            .should().dependOnClassesThat().resideInAPackage("ai.djl..")
            .because("tensors stay in the model, the jobs, the live path, the worker and the registry's loader");

    static List<ArchRule> all() {
        return List.of(NOTHING_DEPENDS_ON_CLI, APP_ONLY_FROM_COMMANDS_AND_BENCHMARKS, BENCHMARKS_ARE_NOT_PRODUCT,
                INGEST_KNOWS_NOTHING_DOWNSTREAM, SYNC_KNOWS_NOTHING_DOWNSTREAM, INFERENCE_DOES_NOT_REACH_BACK,
                EVENTS_ARE_DOWNSTREAM, RETRAINING_REACHES_LIVE_ONLY_THROUGH_REGISTRY, REGISTRY_BELOW_ITS_USERS,
                MODEL_KNOWS_NO_RELEASES_OR_KAFKA, JOBS_ARE_OFFLINE, MEDIA_AND_SIMULATOR_STAND_ALONE, CLAIM_CHECKS_NEED_ONLY_SETTINGS,
                ONLY_TENSOR_PACKAGES_USE_DJL);
    }
}
