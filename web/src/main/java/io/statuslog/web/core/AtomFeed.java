package io.statuslog.web.core;

import io.statuslog.web.api.Incident;
import io.statuslog.web.api.Snapshot;
import java.time.Instant;

/** Incidents as an Atom feed: one entry per incident, its updates as the content. */
public final class AtomFeed {
  private AtomFeed() {}

  public static String render(Snapshot snapshot) {
    Instant updated = snapshot.incidents().stream().map(Incident::updatedAt).max(Instant::compareTo)
        .orElse(snapshot.dataAsOf() == null ? Instant.EPOCH : snapshot.dataAsOf());
    StringBuilder xml = new StringBuilder(4096);
    xml.append("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">")
        .append("<id>urn:statuslog:incidents</id><title>Status incidents</title><updated>").append(updated).append("</updated>")
        .append("<link rel=\"alternate\" href=\"/\"/><link rel=\"self\" href=\"/feed.atom\"/>\n");
    for (Incident incident : snapshot.incidents()) {
      xml.append("<entry><id>urn:statuslog:incident:").append(Html.escape(incident.id())).append("</id><title>")
          .append(Html.escape((incident.open() ? "" : "Resolved: ") + incident.title())).append("</title><updated>")
          .append(incident.updatedAt()).append("</updated><published>").append(incident.openedAt()).append("</published>")
          .append("<author><name>Status</name></author><content type=\"text\">");
      for (Incident.IncidentUpdate update : incident.updates()) {
        xml.append(Html.escape(update.at() + " " + update.kind() + ": " + update.text())).append('\n');
      }
      xml.append("</content></entry>\n");
    }
    return xml.append("</feed>\n").toString();
  }
}
