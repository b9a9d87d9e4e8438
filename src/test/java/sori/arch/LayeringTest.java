package sori.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The house rules that keep the domain portable: {@code sori.chat} knows no network library, no
 * database driver and no transport, so a store, a cluster or a new protocol plugs in from outside.
 */
@AnalyzeClasses(packages = "sori", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {

    @ArchTest
    static final ArchRule domainKnowsNoNetworkLibrary = noClasses().that().resideInAPackage("sori.chat..")
            .should().dependOnClassesThat().resideInAnyPackage("io.netty..", "io.lettuce..", "reactor..")
            .because("the chat domain is Netty-free: transports turn bytes into Hub calls");

    @ArchTest
    static final ArchRule domainKnowsNoDatabase = noClasses().that().resideInAPackage("sori.chat..")
            .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "org.sqlite..",
                    "org.postgresql..", "com.zaxxer..", "org.flywaydb..")
            .because("the domain reaches its store through sori.chat.EventStore only");

    @ArchTest
    static final ArchRule domainKnowsNoTransport = noClasses().that().resideInAPackage("sori.chat..")
            .should().dependOnClassesThat().resideInAnyPackage("sori.line..", "sori.web..", "sori.irc..",
                    "sori.net..", "sori.server..", "sori.store..", "sori.cluster..", "sori.cli..")
            .because("transports and stores import sori.chat, never the reverse");
}
