package io.statuslog.app.cli;

import picocli.CommandLine.Command;

/** The checks in the log: apply a checks file, try one, import another tool's. */
@Command(
    name = "checks",
    mixinStandardHelpOptions = true,
    description = "Manage the checks every checker probes: they live in the log, on the definitions topic.",
    subcommands = {ChecksApplyCommand.class, ChecksTryCommand.class, ChecksImportCommand.class})
public final class ChecksCommand {}
