package dev.paymentsimulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The simulator's memory stays bounded: old objects expire, and past the cap the oldest go. */
class RecentObjectsTests {

    private final MovableClock clock = new MovableClock();

    @Test
    void objectsOlderThanTheRetentionAreForgotten() {
        var objects = new RecentObjects<String>(Duration.ofHours(24), 1000, clock);
        objects.put("pi_old", "old");
        clock.advance(Duration.ofHours(25));
        objects.put("pi_new", "new");

        assertThat(objects.get("pi_old")).isNull();
        assertThat(objects.get("pi_new")).isEqualTo("new");
        assertThat(objects.size()).isEqualTo(1);
    }

    @Test
    void pastTheCapTheOldestGoFirst() {
        var objects = new RecentObjects<Integer>(Duration.ofHours(24), 100, clock);
        for (int i = 0; i < 10_000; i++) {
            objects.put("pi_" + i, i);
        }

        assertThat(objects.size()).isEqualTo(100);
        assertThat(objects.get("pi_9899")).isNull();
        assertThat(objects.inOrder()).first().isEqualTo(9900);
        assertThat(objects.inOrder()).last().isEqualTo(9999);
    }

    private static final class MovableClock extends Clock {

        private Instant now = Instant.parse("2026-12-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
