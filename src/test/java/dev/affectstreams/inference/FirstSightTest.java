package dev.affectstreams.inference;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FirstSightTest {

    @Test
    void shouldSayFirstOncePerKeyUntilForgotten() {
        FirstSight sight = new FirstSight(10);
        assertThat(sight.first("c/a")).isTrue();
        assertThat(sight.first("c/a")).isFalse();
        assertThat(sight.first("c/b")).isTrue();
        sight.forget("c/a");
        assertThat(sight.first("c/a")).isTrue();
    }

    @Test
    void shouldForgetTheLeastRecentlySeenBeyondItsBound() {
        FirstSight sight = new FirstSight(2);
        sight.first("c/a");
        sight.first("c/b");
        sight.first("c/a"); // c/b is now the least recent
        sight.first("c/c");
        assertThat(sight.first("c/a")).isFalse();
        assertThat(sight.first("c/b")).as("evicted, so said again").isTrue();
    }
}
