package io.statuslog.app.cli;

import io.statuslog.checker.config.GatusImport;
import io.statuslog.schemas.config.ConfigException;
import io.statuslog.schemas.config.YamlDocument;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Another tool's configuration as a checks file: one subcommand per tool. */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = "Convert another monitoring tool's configuration into a checks file, printed on stdout, for `checks apply`.",
    subcommands = {ChecksImportCommand.Gatus.class})
public final class ChecksImportCommand {

  @Command(
      name = "gatus",
      mixinStandardHelpOptions = true,
      description = {
        "Convert the endpoints of a Gatus configuration into a checks file on stdout: name, group, url, method, body, headers,"
            + " interval, conditions, client timeout, insecure and ignore-redirect.",
        "What cannot be converted (alerting, ICMP endpoints, [DOMAIN_EXPIRATION], ...) is listed on stderr, one line per endpoint and"
            + " setting; the file on stdout passes `checks apply --dry-run` as it is.",
        "Example: statuslog checks import gatus config.yaml > checks.yml"
      },
      exitCodeListHeading = "Exit codes:%n",
      exitCodeList = {
        "0:converted: the checks file is on stdout, what was not converted on stderr",
        "2:FILE is not a Gatus configuration, or none of its endpoints could be converted: nothing on stdout"
      })
  static final class Gatus implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "The Gatus configuration file (config.yaml).")
    Path file;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter err = spec.commandLine().getErr();
      GatusImport.Imported imported;
      try {
        imported = GatusImport.convert(file.toString(), YamlDocument.read(file));
      } catch (ConfigException unreadable) {
        err.println("statuslog checks import gatus: " + unreadable.getMessage());
        return 2;
      } catch (GatusImport.NotImportable refused) {
        refused.warnings().forEach(err::println);
        err.println("statuslog checks import gatus: " + refused.getMessage());
        return 2;
      }
      imported.warnings().forEach(err::println);
      PrintWriter out = spec.commandLine().getOut();
      out.print(imported.checksFile());
      out.flush();
      return 0;
    }
  }
}
