package sori.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * One layout for every command's {@code --help}: what the command does first, then {@code Usage:},
 * then its parameters, options and subcommands, each after a blank line. Applied once to the whole
 * command tree, so a new subcommand gets it too.
 */
public final class HelpLayout {

    private HelpLayout() {}

    /** Lays out the help of {@code root} and every subcommand under it. */
    public static CommandLine apply(CommandLine root) {
        root.setHelpSectionKeys(List.of(
                UsageMessageSpec.SECTION_KEY_HEADER_HEADING,
                UsageMessageSpec.SECTION_KEY_HEADER,
                UsageMessageSpec.SECTION_KEY_DESCRIPTION_HEADING,
                UsageMessageSpec.SECTION_KEY_DESCRIPTION,
                UsageMessageSpec.SECTION_KEY_SYNOPSIS_HEADING,
                UsageMessageSpec.SECTION_KEY_SYNOPSIS,
                UsageMessageSpec.SECTION_KEY_PARAMETER_LIST_HEADING,
                UsageMessageSpec.SECTION_KEY_PARAMETER_LIST,
                UsageMessageSpec.SECTION_KEY_OPTION_LIST_HEADING,
                UsageMessageSpec.SECTION_KEY_OPTION_LIST,
                UsageMessageSpec.SECTION_KEY_COMMAND_LIST_HEADING,
                UsageMessageSpec.SECTION_KEY_COMMAND_LIST,
                UsageMessageSpec.SECTION_KEY_EXIT_CODE_LIST_HEADING,
                UsageMessageSpec.SECTION_KEY_EXIT_CODE_LIST,
                UsageMessageSpec.SECTION_KEY_FOOTER_HEADING,
                UsageMessageSpec.SECTION_KEY_FOOTER));
        tidy(root);
        return root;
    }

    /** The subcommands a user can run (not {@code help}), in their declared order. */
    public static List<String> commands(CommandLine cl) {
        return cl.getSubcommands().values().stream()
                .filter(sub -> !sub.getCommandSpec().helpCommand())
                .map(CommandLine::getCommandName)
                .distinct()
                .collect(Collectors.toList());
    }

    private static void tidy(CommandLine cl) {
        CommandSpec spec = cl.getCommandSpec();
        UsageMessageSpec usage = spec.usageMessage();
        // Blank lines come from the headings below, not from the end of a description.
        List<String> description = new ArrayList<>(Arrays.asList(usage.description()));
        while (!description.isEmpty() && description.get(description.size() - 1).isBlank()) {
            description.remove(description.size() - 1);
        }
        usage.description(description.toArray(String[]::new));
        if (usage.header().length > 0 && !description.isEmpty()) {
            usage.descriptionHeading("%n");
        }
        if (usage.header().length > 0 || !description.isEmpty()) {
            usage.synopsisHeading("%nUsage: ");
        }
        if (!spec.positionalParameters().isEmpty()) {
            usage.parameterListHeading("%n");
        } else {
            usage.optionListHeading("%n");
        }
        usage.commandListHeading("%nCommands:%n");
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (sub.getParent() == cl) {
                tidy(sub);
            }
        }
    }
}
