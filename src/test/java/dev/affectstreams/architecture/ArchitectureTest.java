package dev.affectstreams.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.affectstreams.architecture.planted.PlantedViolations;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The product's classes keep the layering of {@link LayeringRules}; each rule fails on a planted violation. */
class ArchitectureTest {

    private static JavaClasses product;

    @BeforeAll
    static void importProduct() {
        product = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.affectstreams");
    }

    @Test
    void shouldImportTheWholeProduct() {
        // a rule over an empty import passes vacuously: make sure the product's packages are there
        assertThat(product.stream().map(c -> c.getPackageName()).distinct())
                .contains("dev.affectstreams.app", "dev.affectstreams.inference", "dev.affectstreams.model",
                        "dev.affectstreams.registry", "dev.affectstreams.bench", "dev.affectstreams.cli");
    }

    @Test
    void shouldKeepTheLayering() {
        // every rule evaluated, so one run reports every broken rule
        List<String> violations = LayeringRules.all().stream().map(rule -> rule.evaluate(product))
                .filter(EvaluationResult::hasViolation).map(r -> r.getFailureReport().toString()).toList();
        assertThat(violations).isEmpty();
    }

    @Test
    void shouldFailOnPlantedViolations() {
        // test classes that sit (by name) in product packages and break one rule each
        JavaClasses planted = new ClassFileImporter().importClasses(PlantedViolations.all());
        List<ArchRule> broken = List.of(LayeringRules.MODEL_KNOWS_NO_RELEASES_OR_KAFKA,
                LayeringRules.INFERENCE_DOES_NOT_REACH_BACK, LayeringRules.NOTHING_DEPENDS_ON_CLI,
                LayeringRules.BENCHMARKS_ARE_NOT_PRODUCT, LayeringRules.ONLY_TENSOR_PACKAGES_USE_DJL,
                LayeringRules.RETRAINING_REACHES_LIVE_ONLY_THROUGH_REGISTRY);
        for (ArchRule rule : broken) {
            assertThatThrownBy(() -> rule.check(planted)).as(rule.getDescription()).isInstanceOf(AssertionError.class);
        }
    }
}
