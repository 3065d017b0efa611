package dev.affectstreams.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SettingTypeTest {

    @Test
    void shouldParseDurationsWithUnitsAndIso() {
        assertThat(SettingType.DURATION.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(SettingType.DURATION.parse("15s")).isEqualTo(Duration.ofSeconds(15));
        assertThat(SettingType.DURATION.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(SettingType.DURATION.parse("PT1.5S")).isEqualTo(Duration.ofMillis(1500));
        assertThatThrownBy(() -> SettingType.DURATION.parse("soon")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldPrintWhatItParses() {
        for (String text : new String[] {"250ms", "15s", "0ms"}) {
            assertThat(SettingType.DURATION.print(SettingType.DURATION.parse(text))).isEqualTo(text);
        }
    }

    @Test
    void shouldParseBooleansStrictly() {
        assertThat(SettingType.BOOLEAN.parse("yes")).isTrue();
        assertThat(SettingType.BOOLEAN.parse("OFF")).isFalse();
        assertThatThrownBy(() -> SettingType.BOOLEAN.parse("maybe")).hasMessageContaining("true or false");
    }

    @Test
    void shouldExpandTheHomeDirectoryInPaths() {
        assertThat(SettingType.PATH.parse("~/x")).isEqualTo(Path.of(System.getProperty("user.home"), "x"));
    }

    @Test
    void shouldRestrictChoices() {
        SettingType<String> device = SettingType.oneOf("auto", "cpu");
        assertThat(device.parse("cpu")).isEqualTo("cpu");
        assertThatThrownBy(() -> device.parse("tpu")).hasMessageContaining("auto, cpu");
    }
}
