package io.statuslog.checker.core;

import io.statuslog.schemas.events.CheckDefinition;
import io.statuslog.schemas.events.CheckType;
import io.statuslog.schemas.secret.SecretToken;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Gives every push check of a checks file the hash of its push token before it is applied. A
 * check whose file names a token has that token's hash already. One that does not keeps the hash
 * the log holds for it, so a re-apply never breaks the URL a cron job calls; a new one gets a
 * token issued here, which `checks apply` prints once: the log keeps only its hash. Pure.
 */
public final class PushTokens {
  /** The checks to apply, every push check with a token hash, and the tokens issued for them by check id. */
  public record Resolved(List<CheckSpec> checks, Map<String, SecretToken> issued) {}

  private PushTokens() {}

  public static Resolved resolve(Map<String, CheckDefinition> current, List<CheckSpec> wanted, Supplier<SecretToken> newToken) {
    List<CheckSpec> checks = new ArrayList<>();
    Map<String, SecretToken> issued = new LinkedHashMap<>();
    for (CheckSpec check : wanted) {
      if (!(check.target() instanceof Target.Push push) || push.tokenHash().isPresent()) {
        checks.add(check);
        continue;
      }
      Optional<String> kept = Optional.ofNullable(current.get(check.id()))
          .filter(definition -> definition.getType() == CheckType.PUSH)
          .map(CheckDefinition::getPushTokenHash);
      String hash = kept.orElseGet(() -> {
        SecretToken token = newToken.get();
        issued.put(check.id(), token);
        return token.hash();
      });
      checks.add(check.withTarget(push.withTokenHash(hash)));
    }
    return new Resolved(List.copyOf(checks), Map.copyOf(issued));
  }
}
