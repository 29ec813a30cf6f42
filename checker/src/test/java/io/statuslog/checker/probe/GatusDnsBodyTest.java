package io.statuslog.checker.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.TXTRecord;

/** [BODY] of a DNS check as Gatus's client.QueryDNS fills it, and addresses as Go prints them. */
class GatusDnsBodyTest {
  @Test
  void ipv6AddressesPrintAsGoPrintsThem() throws Exception {
    assertThat(DnsProbe.goIpString(InetAddress.getByName("2001:db8:0:0:0:0:0:1"))).isEqualTo("2001:db8::1");
    assertThat(DnsProbe.goIpString(InetAddress.getByName("::1"))).isEqualTo("::1");
    assertThat(DnsProbe.goIpString(InetAddress.getByName("::"))).isEqualTo("::");
    assertThat(DnsProbe.goIpString(InetAddress.getByName("fe80::"))).isEqualTo("fe80::");
    assertThat(DnsProbe.goIpString(InetAddress.getByName("2001:db8:0:1:1:1:1:1"))).as("one zero group stays").isEqualTo("2001:db8:0:1:1:1:1:1");
    assertThat(DnsProbe.goIpString(InetAddress.getByName("2001:0:0:1:0:0:0:1"))).as("the longest run").isEqualTo("2001:0:0:1::1");
    assertThat(DnsProbe.goIpString(InetAddress.getByName("2001:db8:0:0:1:0:0:1"))).as("the first of equal runs").isEqualTo("2001:db8::1:0:0:1");
    assertThat(DnsProbe.goIpString(InetAddress.getByName("2001:DB8::ABCD"))).isEqualTo("2001:db8::abcd");
    assertThat(DnsProbe.goIpString(InetAddress.getByName("::ffff:192.0.2.1"))).as("IPv4-mapped prints dotted, as in Go").isEqualTo("192.0.2.1");
  }

  @Test
  void eachRecordOverwritesTheBodyButTxtAppends() throws Exception {
    Name name = Name.fromString("example.test.");

    assertThat(DnsProbe.gatusBody(List.of())).isEmpty();
    assertThat(DnsProbe.gatusBody(List.of(
        new CNAMERecord(name, DClass.IN, 60, Name.fromString("target.test.")),
        new ARecord(name, DClass.IN, 60, InetAddress.getByName("192.0.2.7"))))).isEqualTo("192.0.2.7");
    assertThat(DnsProbe.gatusBody(List.of(
        new CNAMERecord(name, DClass.IN, 60, Name.fromString("target.test.")),
        new TXTRecord(name, DClass.IN, 60, List.of("a", "b"))))).isEqualTo("target.test.\nab");
    assertThat(DnsProbe.gatusBody(List.of(new SRVRecord(name, DClass.IN, 60, 1, 1, 5432, Name.fromString("db.test.")))))
        .isEqualTo("db.test.:5432");
    assertThat(DnsProbe.gatusBody(List.of(new SOARecord(name, DClass.IN, 60, name, name, 1, 1, 1, 1, 1))))
        .isEqualTo("query type is not supported yet");
  }
}
