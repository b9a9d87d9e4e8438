package sori.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import org.junit.jupiter.api.Test;

/** SCRAM-SHA-256's server side against RFC 7677's example exchange, and what it refuses. */
class ScramTest {

    private static final String CLIENT_FIRST = "n,,n=user,r=rOprNGfwEbeRWgbNEkqO";
    private static final String SERVER_NONCE = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
    private static final byte[] SALT = Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ==");
    private static final String CLIENT_FINAL = "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
            + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";

    private static Scram.Exchange rfcExchange() {
        Scram.Credentials c = Scram.credentials("pencil", SALT, 4096);
        return new Scram.Exchange(Scram.ClientFirst.parse(CLIENT_FIRST), c, SERVER_NONCE);
    }

    @Test
    void shouldAnswerRfc7677sExampleExactly() {
        Scram.Exchange x = rfcExchange();
        assertThat(x.serverFirst()).isEqualTo("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                + "s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096");
        assertThat(x.finish(CLIENT_FINAL)).isEqualTo("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
    }

    @Test
    void shouldRefuseAWrongProofNonceOrBinding() {
        assertThat(rfcExchange().finish(CLIENT_FINAL.replace("p=dHzb", "p=dHzc"))).isNull();
        assertThat(rfcExchange().finish(CLIENT_FINAL.replace("$k0,", "$k1,"))).isNull();
        assertThat(rfcExchange().finish(CLIENT_FINAL.replace("c=biws", "c=eSws"))).isNull();
        assertThat(rfcExchange().finish("c=biws,r=x")).isNull();
        assertThat(rfcExchange().finish("c=!!,r=x,p=AAAA")).isNull();
    }

    @Test
    void shouldKeepCredentialsInRfc5803FormAndReadThemBack() {
        String encoded = Scram.credentials("pencil", SALT, 4096).encode();
        assertThat(encoded).startsWith("SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$").doesNotContain("pencil");
        Scram.Credentials back = Scram.Credentials.parse(encoded);
        assertThat(back.iterations()).isEqualTo(4096);
        assertThat(back.encode()).isEqualTo(encoded);
        assertThat(back.toString()).doesNotContain(Base64.getEncoder().encodeToString(back.storedKey()));
        assertThat(Scram.Credentials.parse(null)).isNull();
        assertThat(Scram.Credentials.parse("SCRAM-SHA-256$10:AA==$AA==:AA==")).isNull(); // too few rounds
        assertThat(Scram.Credentials.parse("$argon2id$v=19$m=19456,t=2,p=1$a$b")).isNull();
    }

    @Test
    void shouldReadClientFirstMessages() {
        Scram.ClientFirst f = Scram.ClientFirst.parse("n,a=민아,n=민아=2Cx=3D,r=abc,e=1");
        assertThat(f.user()).isEqualTo("민아,x=");
        assertThat(f.authzid()).isEqualTo("민아");
        assertThat(f.gs2Header()).isEqualTo("n,a=민아,");
        assertThat(f.bare()).isEqualTo("n=민아=2Cx=3D,r=abc,e=1");
        assertThat(Scram.ClientFirst.parse("p=tls-unique,,n=user,r=abc")).isNull(); // channel binding
        assertThat(Scram.ClientFirst.parse("n,,n=user,r=abc,m=ext")).isNull(); // mandatory extension
        assertThat(Scram.ClientFirst.parse("n,,n=us=er,r=abc")).isNull();
        assertThat(Scram.ClientFirst.parse("n,,n=,r=abc")).isNull();
        assertThat(Scram.ClientFirst.parse("garbage")).isNull();
    }

    @Test
    void shouldPrepareNonAsciiSpacesAndCompatibilityForms() {
        assertThat(Scram.prepare("a\u00A0b\u00ADc")).isEqualTo("a bc");
        assertThat(Scram.prepare("\uFF21")).isEqualTo("A"); // NFKC
        assertThat(Scram.prepare("비밀번호")).isEqualTo("비밀번호");
    }
}
