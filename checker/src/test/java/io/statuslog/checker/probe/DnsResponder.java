package io.statuslog.checker.probe;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * A DNS server on loopback UDP with a fixed zone, built on dnsjava's message classes: it answers
 * the records added for a name and type, NXDOMAIN for a name it has none for, SERVFAIL for the
 * names told to fail, and nothing at all for the names told to stay silent.
 */
final class DnsResponder implements AutoCloseable {
  private final DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
  private final Map<Name, List<Record>> zone = new ConcurrentHashMap<>();
  private final Set<Name> failing = ConcurrentHashMap.newKeySet();
  private final Set<Name> silent = ConcurrentHashMap.newKeySet();
  private final AtomicInteger queries = new AtomicInteger();

  DnsResponder() throws IOException {
    Thread.ofVirtual().name("dns-responder").start(this::serve);
  }

  DnsResponder add(Record record) {
    zone.computeIfAbsent(record.getName(), name -> new ArrayList<>()).add(record);
    return this;
  }

  DnsResponder failing(String name) throws IOException {
    failing.add(Name.fromString(name));
    return this;
  }

  DnsResponder silent(String name) throws IOException {
    silent.add(Name.fromString(name));
    return this;
  }

  int port() {
    return socket.getLocalPort();
  }

  int queries() {
    return queries.get();
  }

  private void serve() {
    byte[] buffer = new byte[4096];
    while (!socket.isClosed()) {
      try {
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        socket.receive(packet);
        queries.incrementAndGet();
        Message query = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
        Record question = query.getQuestion();
        if (silent.contains(question.getName())) {
          continue;
        }
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.RA);
        if (query.getHeader().getFlag(Flags.RD)) {
          response.getHeader().setFlag(Flags.RD);
        }
        response.addRecord(question, Section.QUESTION);
        if (failing.contains(question.getName())) {
          response.getHeader().setRcode(Rcode.SERVFAIL);
        } else {
          answer(question, response);
        }
        byte[] wire = response.toWire();
        socket.send(new DatagramPacket(wire, wire.length, packet.getSocketAddress()));
      } catch (IOException e) {
        // A closed socket ends the loop; a malformed query is ignored, as servers do.
      }
    }
  }

  /** The records of the asked type, following a CNAME as a recursive resolver would; NXDOMAIN when the name has no records at all. */
  private void answer(Record question, Message response) {
    Name name = question.getName();
    for (int hops = 0; hops < 8; hops++) {
      List<Record> records = zone.get(name);
      if (records == null) {
        if (hops == 0) {
          response.getHeader().setRcode(Rcode.NXDOMAIN);
        }
        return;
      }
      Name next = null;
      for (Record record : records) {
        if (record.getType() == question.getType()) {
          response.addRecord(record, Section.ANSWER);
        } else if (record instanceof org.xbill.DNS.CNAMERecord cname) {
          response.addRecord(record, Section.ANSWER);
          next = cname.getTarget();
        }
      }
      if (next == null) {
        return;
      }
      name = next;
    }
  }

  @Override
  public void close() {
    socket.close();
  }
}
