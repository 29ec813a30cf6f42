package io.statuslog.app.cli;

import io.statuslog.web.WebApplication;
import io.statuslog.web.WebConfiguration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "web", mixinStandardHelpOptions = true, description = "Serve the public status page and JSON API.")
public final class WebCommand implements Callable<Integer> {
  @Mixin ConfigFileOption config;

  @Override
  public Integer call() throws Exception {
    // Checked here first so a bad file gets the same one-line error as every other command.
    config.load(WebConfiguration.class);
    new WebApplication().run("server", config.toString());
    return 0;
  }
}
