package io.statuslog.ingest.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Uptime Kuma's answer to a push, so clients written for it read ours: {"ok":true}, or {"ok":false,"msg":"..."}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PushAnswer(boolean ok, String msg) {
  public static final PushAnswer OK = new PushAnswer(true, null);

  public static PushAnswer refused(String msg) {
    return new PushAnswer(false, msg);
  }
}
