package sori.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class OriginTest {

    private static final List<String> NONE = List.of();

    @Test
    void shouldAllowTheSameSchemeHostAndPort() {
        assertThat(HttpHandler.originAllowed("http://localhost:8080", "localhost:8080", NONE)).isTrue();
        assertThat(HttpHandler.originAllowed("HTTP://LocalHost:8080", "localhost:8080", NONE)).isTrue();
        assertThat(HttpHandler.originAllowed("http://chat.example", "chat.example", NONE)).isTrue();
        assertThat(HttpHandler.originAllowed("http://chat.example", "chat.example:80", NONE)).isTrue();
        assertThat(HttpHandler.originAllowed("http://[::1]:8080", "[::1]:8080", NONE)).isTrue();
    }

    @Test
    void shouldTakeTheSchemeFromTheOriginSoATlsProxyInFrontWorks() {
        // The proxy forwards Host: chat.example; the page's origin is https://chat.example (port 443 both).
        assertThat(HttpHandler.originAllowed("https://chat.example", "chat.example", NONE)).isTrue();
        assertThat(HttpHandler.originAllowed("https://chat.example", "chat.example:80", NONE)).isFalse();
    }

    @Test
    void shouldRefuseAnotherHostPortOrScheme() {
        assertThat(HttpHandler.originAllowed("http://evil.example", "localhost:8080", NONE)).isFalse();
        assertThat(HttpHandler.originAllowed("http://localhost:8081", "localhost:8080", NONE)).isFalse();
        assertThat(HttpHandler.originAllowed("http://127.0.0.1:8080", "localhost:8080", NONE)).isFalse();
        assertThat(HttpHandler.originAllowed("null", "localhost:8080", NONE)).isFalse();
        assertThat(HttpHandler.originAllowed("file://", "localhost:8080", NONE)).isFalse();
        assertThat(HttpHandler.originAllowed("http://localhost:8080", null, NONE)).isFalse();
    }

    @Test
    void shouldAllowRequestsWithoutAnOriginBecauseOnlyBrowsersSendOne() {
        assertThat(HttpHandler.originAllowed(null, "localhost:8080", NONE)).isTrue();
    }

    @Test
    void shouldAllowConfiguredOriginsWrittenAnyWay() {
        WebConfig c = WebConfig.defaults(0).withAllowedOrigins(
                List.of("https://Chat.Example.org/", "https://other.example:443", "http://dev.example:3000"));
        assertThat(c.allowedOrigins()).containsExactly("https://chat.example.org", "https://other.example",
                "http://dev.example:3000");
        assertThat(HttpHandler.originAllowed("https://chat.example.org", "localhost:8080", c.allowedOrigins())).isTrue();
        assertThat(HttpHandler.originAllowed("https://other.example", "localhost:8080", c.allowedOrigins())).isTrue();
        assertThat(HttpHandler.originAllowed("http://dev.example:3000", "localhost:8080", c.allowedOrigins())).isTrue();
        assertThat(HttpHandler.originAllowed("http://dev.example", "localhost:8080", c.allowedOrigins())).isFalse();
    }

    @Test
    void shouldRejectWhatIsNotAnOrigin() {
        for (String bad : List.of("chat.example", "ftp://chat.example", "https://chat.example/path",
                "https://user@chat.example", "https://chat.example?x=1", "")) {
            assertThatThrownBy(() -> WebConfig.defaults(0).withAllowedOrigins(List.of(bad)))
                    .as(bad).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an origin");
        }
    }
}
