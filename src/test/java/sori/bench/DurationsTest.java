package sori.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void shouldReadTheFormsPeopleType() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(Durations.parse("1m")).isEqualTo(Duration.ofMinutes(1));
        assertThat(Durations.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(Durations.parse("3")).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void shouldRejectWhatIsNotADuration() {
        assertThatThrownBy(() -> Durations.parse("ten")).hasMessageContaining("not a duration");
        assertThatThrownBy(() -> Durations.parse("-1s")).hasMessageContaining("not a duration");
        assertThatThrownBy(() -> Durations.parse("2d")).hasMessageContaining("not a duration");
    }

    @Test
    void shouldFormatBackToAnAcceptedForm() {
        for (String s : new String[] {"500ms", "10s", "1m", "1500ms"}) {
            assertThat(Durations.format(Durations.parse(s))).isEqualTo(s);
        }
    }
}
