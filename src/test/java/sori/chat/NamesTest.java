package sori.chat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NamesTest {

    @Test
    void shouldAcceptLettersOfAnyScriptDigitsAndThreeMarks() {
        assertThat(Names.problem("mina")).isNull();
        assertThat(Names.problem("민아_2-b.c")).isNull();
        assertThat(Names.problem("Ölçü")).isNull();
        assertThat(Names.problem("x".repeat(32))).isNull();
    }

    @Test
    void shouldRefuseEmptyLongSpacedAndSymbolNames() {
        assertThat(Names.problem("")).isEqualTo("name.empty");
        assertThat(Names.problem("x".repeat(33))).isEqualTo("name.long");
        assertThat(Names.problem("a b")).isEqualTo("name.space");
        assertThat(Names.problem("a\u3000b")).isEqualTo("name.space");
        assertThat(Names.problem("a!")).isEqualTo("name.char");
        assertThat(Names.problem("a\u0000")).isEqualTo("name.char");
        assertThat(Names.problem("😀")).isEqualTo("name.char");
    }

    @Test
    void shouldCountCharactersNotBytes() {
        assertThat(Names.problem("가".repeat(32))).isNull();
        assertThat(Names.problem("가".repeat(33))).isEqualTo("name.long");
    }

    @Test
    void shouldFoldCaseAndCompatibilityForms() {
        assertThat(Names.fold("MiNa")).isEqualTo(Names.fold("mina"));
        assertThat(Names.fold("ｍｉｎａ")).isEqualTo(Names.fold("mina"));
        assertThat(Names.normalize("\u1100\u1161")).isEqualTo("가");
    }

    @Test
    void shouldStripControlsButKeepTabsAndReturnCleanTextAsIs() {
        String clean = "plain text, 한국어";
        assertThat(Text.clean(clean)).isSameAs(clean);
        assertThat(Text.clean("a\tb")).isEqualTo("a\tb");
        assertThat(Text.clean("\u001b[31mred\u0007\r\u0085\u202eevil")).isEqualTo("[31mredevil");
    }
}
