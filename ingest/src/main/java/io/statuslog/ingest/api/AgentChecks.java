package io.statuslog.ingest.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The checks an agent's region probes: each a check definition as plain JSON, with the field
 * names of the CheckDefinition schema ({@code io.statuslog.schemas.json.PlainJson} reads one
 * back). The response's ETag changes exactly when this changes.
 */
public record AgentChecks(String region, List<ObjectNode> checks) {}
