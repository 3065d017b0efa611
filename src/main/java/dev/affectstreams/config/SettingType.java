package dev.affectstreams.config;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;

/**
 * How a setting's text is parsed into a value, and how the value is printed back.
 *
 * @param name     the type as documentation shows it
 * @param parser   text to value; throws {@link IllegalArgumentException} on bad text
 * @param printer  value to text, inverse of the parser
 */
public record SettingType<T>(String name, Function<String, T> parser, Function<T, String> printer) {

    public static final SettingType<String> STRING = new SettingType<>("string", s -> s, s -> s);

    public static final SettingType<Integer> INT = new SettingType<>("int", SettingType::parseInt, String::valueOf);

    /** A finite decimal number: 0.25, 1e-4. Printed in plain notation. */
    public static final SettingType<Double> DOUBLE =
            new SettingType<>("number", SettingType::parseDouble, SettingType::printDouble);

    public static final SettingType<Boolean> BOOLEAN =
            new SettingType<>("boolean", SettingType::parseBoolean, String::valueOf);

    public static final SettingType<Path> PATH = new SettingType<>("path", SettingType::parsePath, Path::toString);

    /** A duration written as ISO-8601 ({@code PT1.5S}) or as a number with a unit: 250ms, 15s, 2m, 1h. */
    public static final SettingType<Duration> DURATION =
            new SettingType<>("duration", SettingType::parseDuration, SettingType::printDuration);

    public T parse(String text) {
        return parser.apply(text.strip());
    }

    public String print(T value) {
        return printer.apply(value);
    }

    /** A string restricted to the given choices (compared case-sensitively). */
    public static SettingType<String> oneOf(String... choices) {
        String name = "one of " + String.join("|", choices);
        return new SettingType<>(name, s -> {
            if (Arrays.asList(choices).contains(s)) {
                return s;
            }
            throw new IllegalArgumentException("expected one of " + String.join(", ", choices) + " but got '" + s + "'");
        }, s -> s);
    }

    private static int parseInt(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected an integer but got '" + s + "'");
        }
    }

    private static double parseDouble(String s) {
        try {
            double d = Double.parseDouble(s);
            if (Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("expected a number but got '" + s + "'");
    }

    private static String printDouble(Double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    private static boolean parseBoolean(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new IllegalArgumentException("expected true or false but got '" + s + "'");
        };
    }

    private static Path parsePath(String s) {
        if (s.isEmpty()) {
            throw new IllegalArgumentException("expected a path but got an empty string");
        }
        if (s.equals("~") || s.startsWith("~/")) {
            return Path.of(System.getProperty("user.home") + s.substring(1));
        }
        return Path.of(s);
    }

    static Duration parseDuration(String s) {
        String lower = s.toLowerCase(Locale.ROOT);
        try {
            if (lower.startsWith("p")) {
                return Duration.parse(s);
            }
            if (lower.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(lower.substring(0, lower.length() - 2).strip()));
            }
            long amount = Long.parseLong(lower.substring(0, lower.length() - 1).strip());
            return switch (lower.charAt(lower.length() - 1)) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                default -> throw new IllegalArgumentException("unknown unit");
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("expected a duration such as 250ms, 15s, 2m or PT1S but got '" + s + "'");
        }
    }

    private static String printDuration(Duration d) {
        if (d.toMillisPart() != 0 || d.isZero()) {
            return d.toMillis() + "ms";
        }
        return d.toSeconds() + "s";
    }
}
