#!/usr/bin/perl
# quiccap.pl LINKTYPE DEMO OUT - a pcap for tests/it/withhold.sh: a TCP
# connection among QUIC datagrams (UDP port 443; client Initials of
# version 1, a server long header, short headers both ways, IPv4 and
# IPv6) on link type LINKTYPE (1 Ethernet, 113 Linux cooked, 0 BSD
# null/loopback, 101 raw IP).
# DEMO 1 adds, after the first frame, three datagrams that tshark 4.4
# reads as HiPerConTracer (moving that heuristic to the front of UDP's),
# a QUIC-looking Initial whose bytes 8-15 pass HiPerConTracer's check
# (so 4.4 gives it to HiPerConTracer, not QUIC), and, on the same
# addresses and ports, RFtap carrying a TCP SYN (so 4.4 finds TCP in a
# datagram of what looks like a QUIC connection).
use strict;
use warnings;

my ($link, $demo, $out) = @ARGV;
die "usage: quiccap.pl LINKTYPE DEMO OUT\n" unless defined $out;
open(my $f, '>:raw', $out) or die "$out: $!\n";
print $f pack("VvvVVVV", 0xa1b2c3d4, 2, 4, 0, 0, 65535, $link);
my ($t, $k) = (1700000000, 0);
sub v4 {
	my ($s, $d, $pr, $l4) = @_;
	return pack("CCnnnCCn", 0x45, 0, 20 + length($l4), 1, 0x4000, 64, $pr, 0) .
	    pack("C4C4", @$s, @$d) . $l4;
}
sub v6 {
	my ($s, $d, $pr, $l4) = @_;
	return pack("NnCC", 0x60000000, length($l4), $pr, 64) .
	    pack("n8n8", @$s, @$d) . $l4;
}
sub rec {
	my ($ip) = @_;
	my $et = (ord($ip) >> 4) == 6 ? 0x86dd : 0x0800;
	my $fr = $link == 1 ? pack("H12H12n", "020000000002", "020000000001", $et) . $ip :
	    $link == 113 ? pack("nnnH16n", 0, 1, 6, "0200000000010000", $et) . $ip :
	    $link == 0 ? pack("V", $et == 0x0800 ? 2 : 24) . $ip : $ip;
	print $f pack("VVVV", $t, $k++ * 1000, length($fr), length($fr)) . $fr;
}
sub udp { my ($sp, $dp, $p) = @_; return pack("nnnn", $sp, $dp, 8 + length($p), 0) . $p; }
sub tcp {
	my ($sp, $dp, $seq, $ack, $fl, $len) = @_;
	return pack("nnNNnnnn", $sp, $dp, $seq, $ack, 0x5000 | $fl, 65535, 0, 0) . ("x" x $len);
}
sub bytes { my ($n, $s) = @_; return pack("C*", map { ($_ * 37 + $s) & 255 } 1 .. $n); }
sub initial {   # a client Initial of QUIC version 1, padded to 1200 bytes
	my ($s) = @_;
	my $p = pack("CNC", 0xc1, 1, 8) . bytes(8, $s) . pack("C", 8) . bytes(8, $s + 1) . "\0" . pack("n", 0x4000 | 1170);
	return $p . bytes(1200 - length($p), $s + 2);
}
my @c = (10, 0, 0, 1);
my @s = (10, 0, 0, 2);
rec(v4(\@c, \@s, 6, tcp(40000, 80, 100, 0, 0x02, 0)));
if ($demo) {
	# HiPerConTracer-like, then a QUIC-looking Initial whose bytes 8-15
	# look like its time stamp, then RFtap with a TCP SYN inside
	my $ts = ((1704067200000000 - 212803200000000) & ~0xffff) | 0x0800;
	my $tsb = pack("NN", $ts >> 32, $ts & 0xffffffff);
	rec(v4([10, 9, 9, 9], [10, 9, 9, 8], 17, udp(41000, 41001, "abcd" . pack("CCn", 64, 1, 7) . $tsb . ("\0" x 8))));
	my $p = pack("CNC", 0xc3, 1, 8) . "\x11\x22" . $tsb . ("\x33" x 7) . "\0" . pack("n", 0x4000 | 1100);
	rec(v4(\@c, \@s, 17, udp(50000, 443, $p . ("\x5a" x (1200 - length($p))))));
	my $in = pack("H12H12n", "0a0000000002", "0a0000000001", 0x0800) .
	    v4([192, 168, 1, 1], [192, 168, 1, 2], 6, tcp(1234, 80, 1, 0, 0x02, 0));
	rec(v4(\@s, \@c, 17, udp(443, 50000, "RFta" . pack("vvV", 3, 1, 1) . $in)));
}
rec(v4(\@s, \@c, 6, tcp(80, 40000, 500, 101, 0x12, 0)));
rec(v4(\@c, \@s, 6, tcp(40000, 80, 101, 501, 0x10, 0)));
my @c6 = (0x2001, 0xdb8, 0, 0, 0, 0, 0, 1);
my @s6 = (0x2001, 0xdb8, 0, 0, 0, 0, 0, 2);
for my $i (0 .. 11) {
	if ($i == 0) {
		rec(v4(\@c, \@s, 17, udp(50001, 443, initial(7))));
		rec(v6(\@c6, \@s6, 17, udp(50002, 443, initial(9))));
		rec(v4(\@s, \@c, 17, udp(443, 50001, pack("CNC", 0xc0, 1, 8) . bytes(8, 8) . pack("C", 8) . bytes(200, 3))));
	}
	rec(v4(\@c, \@s, 6, tcp(40000, 80, 101 + $i * 100, 501, 0x18, 100)));
	rec(v4(\@s, \@c, 17, udp(443, 50001, pack("C", 0x40 | $i) . bytes(300 + $i, $i))));
	rec(v6(\@s6, \@c6, 17, udp(443, 50002, pack("C", 0x41) . bytes(60, $i))));
	rec(v4(\@c, \@s, 17, udp(50001, 443, pack("C", 0x5f) . bytes(40, $i))));
	rec(v4(\@s, \@c, 6, tcp(80, 40000, 501, 201 + $i * 100, 0x10, 0))) unless $i == 4;
}
rec(v4(\@c, \@s, 6, tcp(40000, 80, 1301, 501, 0x11, 0)));
rec(v4(\@s, \@c, 6, tcp(80, 40000, 501, 1302, 0x11, 0)));
close($f) or die;
