package io.statuslog.checker.core.condition;

/**
 * How one condition fared against one probe.
 *
 * @param condition the condition as written in the checks file
 * @param success whether it held
 * @param resolved the condition with each placeholder followed by its value in parentheses, as
 *     Gatus shows a failed condition: {@code [STATUS] (503) == 200}. It is resolved whether the
 *     condition held or not (Gatus resolves a successful one only when asked to); one line, each
 *     value cut to a bounded length, so it can go into a probe result.
 */
public record ConditionResult(String condition, boolean success, String resolved) {}
