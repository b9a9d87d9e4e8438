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
    void shouldRefuseInvisibleCharactersAloneOrInsideAName() {
        assertThat(Names.problem("\u3164")).isEqualTo("name.invisible");
        assertThat(Names.problem("\uFFA0\uFFA0")).isEqualTo("name.invisible");
        assertThat(Names.problem("\u115F\u1160")).isEqualTo("name.invisible");
        assertThat(Names.problem("mi\u200Bna")).isEqualTo("name.invisible");
        assertThat(Names.problem("mina\u2060")).isEqualTo("name.invisible");
        assertThat(Names.problem("\uFEFFmina")).isEqualTo("name.invisible");
        assertThat(Names.problem("mina\uFE0F")).isEqualTo("name.invisible");
        assertThat(Names.problem("mina\u180B")).isEqualTo("name.invisible");
        assertThat(Names.problem("민\u3164아")).isEqualTo("name.invisible");
    }

    @Test
    void shouldRefuseNamesMixingScriptsBeyondModeratelyRestrictive() {
        assertThat(Names.problem("\u0430dmin")).isEqualTo("name.script"); // Cyrillic a in Latin
        assertThat(Names.problem("ad\u03bcin")).isEqualTo("name.script"); // Greek mu in Latin
        assertThat(Names.problem("민아\u0430")).isEqualTo("name.script"); // Hangul and Cyrillic
        assertThat(Names.problem("\u0430\u03b1")).isEqualTo("name.script"); // Cyrillic and Greek
    }

    @Test
    void shouldAcceptOneScriptAndTheMixesUts39AllowsModerately() {
        for (String ok : new String[] {"민아", "개발", "mina_k", "jun.2", "\u0430\u0434\u043c\u0438\u043d",
                "mina민아", "東京とうきょうトウキョウtokyo", "漢字ㄅㄆ", "韓國한국", "Ölçü", "ab\u0627\u0628"}) {
            assertThat(Names.problem(ok)).as(ok).isNull();
        }
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
    void shouldFoldConfusablesAndNormalisationPairsToOneKey() {
        assertThat(Names.fold("\u0430dmin")).as("Cyrillic а in admin").isEqualTo(Names.fold("admin"));
        assertThat(Names.fold("\u0441\u043e\u0441\u043e")).as("all-Cyrillic сосо").isEqualTo(Names.fold("coco"));
        assertThat(Names.fold("\u1106\u1175\u11ab\u110b\u1161")).as("민아 as jamo").isEqualTo(Names.fold("민아"));
        assertThat(Names.fold("Straße")).isEqualTo(Names.fold("STRASSE"));
        assertThat(Names.fold("1obby")).isEqualTo(Names.fold("lobby"));
        assertThat(Names.fold("mina")).isNotEqualTo(Names.fold("nina"));
        assertThat(Names.fold("민아")).isNotEqualTo(Names.fold("미아"));
    }

    @Test
    void shouldStripControlsButKeepTabsAndReturnCleanTextAsIs() {
        String clean = "plain text, 한국어";
        assertThat(Text.clean(clean)).isSameAs(clean);
        assertThat(Text.clean("a\tb")).isEqualTo("a\tb");
        assertThat(Text.clean("\u001b[31mred\u0007\r\u0085\u202eevil")).isEqualTo("[31mredevil");
        assertThat(Text.clean("two\nlines")).isEqualTo("twolines");
        assertThat(Text.cleanLines("two\r\n\u0007lines\n")).isEqualTo("two\nlines\n");
        assertThat(Text.cleanLines(clean)).isSameAs(clean);
    }
}
