package io.statuslog.bench.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One process of the platform under the drill (broker, PostgreSQL, checker, projector, web): how
 * to start it, its log file (every start appends to the same file, after a marker line), and how
 * to SIGKILL it. The drill is its only supervisor: a process that dies without being killed is
 * noticed ({@link #exitedOnItsOwn()}) and started again, and counted.
 */
public final class Role {
  private final String name;
  private final List<String> command;
  private final Path log;
  /** Processes the role runs outside its JVM: PostgreSQL's postmaster and backends. */
  private final Supplier<List<ProcessHandle>> detached;
  private volatile Process process;
  private volatile int incarnation;
  private volatile boolean killed;
  private int starts;
  private int unexpectedExits;

  Role(String name, List<String> command, Path log, Supplier<List<ProcessHandle>> detached) {
    this.name = name;
    this.command = List.copyOf(command);
    this.log = log;
    this.detached = detached;
  }

  public Role(String name, List<String> command, Path log) {
    this(name, command, log, List::of);
  }

  public String name() {
    return name;
  }

  public Path log() {
    return log;
  }

  /** Counts up on every start: a poller can tell whether the process it asked is the one still running. */
  int incarnation() {
    return incarnation;
  }

  public synchronized long start() throws IOException {
    starts++;
    Files.writeString(log, "%n=== chaos drill: start #%d of %s at %s ===%n".formatted(starts, name, LocalTime.now().truncatedTo(ChronoUnit.MILLIS)),
        StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
    killed = false;
    incarnation++;
    return process.pid();
  }

  public boolean isAlive() {
    Process current = process;
    return current != null && current.isAlive();
  }

  /**
   * Alive and not being killed: a SIGKILLed process closes its sockets before it is gone, so a
   * request it drops while dying must not be blamed on it.
   */
  boolean isRunning() {
    return !killed && isAlive();
  }

  public long pid() {
    Process current = process;
    return current == null ? -1 : current.pid();
  }

  /**
   * SIGKILL, as the kernel's OOM killer or a lost machine would: the JVM and whatever it runs
   * outside itself (PostgreSQL's postmaster first, so it cannot react to its backends dying,
   * then the backends). Returns the pids killed, JVM first.
   */
  public synchronized List<Long> kill() throws InterruptedException {
    killed = true;
    List<Long> pids = new ArrayList<>();
    List<ProcessHandle> outside = detached.get();
    if (process != null) {
      pids.add(process.pid());
      process.destroyForcibly();
    }
    for (ProcessHandle handle : outside) {
      pids.add(handle.pid());
      handle.destroyForcibly();
    }
    if (process != null) {
      process.waitFor();
    }
    for (ProcessHandle handle : outside) {
      handle.onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally(e -> handle).join();
    }
    return pids;
  }

  /**
   * SIGTERM, as a service manager stops a role, and waits for the exit; SIGKILL if it takes
   * longer than {@code patience}. Returns the exit code, or empty if it had to be killed.
   */
  public synchronized Optional<Integer> stop(Duration patience) throws InterruptedException {
    killed = true;
    if (process == null || !process.isAlive()) {
      return process == null ? Optional.empty() : Optional.of(process.exitValue());
    }
    process.destroy();
    if (process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS)) {
      for (ProcessHandle handle : detached.get()) {
        handle.onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally(e -> handle).join();
      }
      return Optional.of(process.exitValue());
    }
    kill();
    return Optional.empty();
  }

  /** The exit code if the process ended without the drill killing or stopping it. */
  synchronized Optional<Integer> exitedOnItsOwn() {
    if (process == null || killed || process.isAlive()) {
      return Optional.empty();
    }
    unexpectedExits++;
    killed = true; // counted once
    return Optional.of(process.exitValue());
  }

  synchronized int unexpectedExits() {
    return unexpectedExits;
  }

  /** Last resort when the drill itself stops: nothing of it outlives the drill. */
  public void killQuietly() {
    try {
      kill();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
