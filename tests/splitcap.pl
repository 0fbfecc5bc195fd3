#!/usr/bin/perl
# splitcap.pl KIND OUTFILE - small captures for the -j split tests, in
# formats the crafted testdata does not use:
#   ns-disorder  pcap, nanosecond magic, little-endian, timestamps out of
#                order (relative times below zero), 6 connections
#   ng-mixed     pcapng: a big-endian section (Ethernet at ns, Linux
#                cooked at ms, an obsolete packet block, name resolution
#                and interface statistics blocks), then a little-endian
#                section (raw IP at the default microseconds), the same
#                connections going on across both
use strict;
use warnings;

my ($kind, $out) = @ARGV;
die "usage: splitcap.pl ns-disorder|ng-mixed OUTFILE\n" unless $out;

sub ip4 { pack 'C4', split /\./, $_[0] }

# an IPv4/TCP packet
sub tcp {
	my ($src, $dst, $sp, $dp, $flags, $seq, $ack, $len) = @_;
	my $payload = 'x' x $len;
	my $t = pack('n n N N C C n n n', $sp, $dp, $seq, $ack, 0x50, $flags,
	    65535, 0, 0) . $payload;
	my $ip = pack('C C n n n C C n', 0x45, 0, 20 + length $t, 1, 0x4000,
	    64, 6, 0) . ip4($src) . ip4($dst);
	return $ip . $t;
}
sub eth { "\x00\x11\x22\x33\x44\x55\x66\x77\x88\x99\xaa\xbb\x08\x00" . $_[0] }
sub sll { pack('n n n a8 n', 0, 1, 6, "\x66\x77\x88\x99\xaa\xbb", 0x0800) . $_[0] }

# the frames of 6 connections, interleaved: [client port, flags, len]
my @script;
for my $round (0 .. 3) {
	for my $c (0 .. 5) {
		my ($fl, $len) = $round == 0 ? (0x02, 0) :
		    $round == 1 ? (0x12, 0) : $round == 2 ? (0x10, 0) : (0x18, 100 + $c);
		push @script, [40000 + $c, $fl, $len, $round];
	}
}
sub frame {   # frame INDEX: the packet, client or server side
	my $s = $script[$_[0]];
	my ($cp, $fl, $len, $r) = @$s;
	return $r == 1 ? tcp('10.9.0.2', '10.9.0.1', 443, $cp, $fl, 7000, 1001, $len)
	    : tcp('10.9.0.1', '10.9.0.2', $cp, 443, $fl, 1000 + ($r > 1), $r > 1 ? 7001 : 0, $len);
}

open my $fh, '>:raw', $out or die "$out: $!\n";
if ($kind eq 'ns-disorder') {
	print $fh pack('V v v V V V V', 0xa1b23c4d, 2, 4, 0, 0, 262144, 1);
	for my $i (0 .. $#script) {
		my $p = eth(frame($i));
		# seconds jump back and forth; nanoseconds use every digit
		my $sec = 1700000000 + (($i * 7 + 3) % 11) - 5;
		my $ns = ($i * 123456789) % 1000000000;
		print $fh pack('V V V V', $sec, $ns, length $p, length $p), $p;
	}
} elsif ($kind eq 'ng-mixed') {
	my $order;   # 'N'/'n' big-endian, 'V'/'v' little-endian
	my $block = sub {
		my ($type, $body) = @_;
		$body .= "\0" x ((4 - length($body) % 4) % 4);
		my $L = $order eq 'N' ? 'N' : 'V';
		my $len = 12 + length $body;
		print $fh pack("$L $L", $type, $len), $body, pack($L, $len);
	};
	my $opt = sub {   # option CODE VALUE
		my ($code, $v) = @_;
		my $S = $order eq 'N' ? 'n' : 'v';
		return pack("$S $S", $code, length $v) . $v .
		    "\0" x ((4 - length($v) % 4) % 4);
	};
	my $endopt = sub { "\0\0\0\0" };
	my $shb = sub {
		my ($L, $S) = $order eq 'N' ? ('N', 'n') : ('V', 'v');
		$block->(0x0a0d0d0a, pack("$L $S $S", 0x1a2b3c4d, 1, 0) .
		    "\xff" x 8);
	};
	my $idb = sub {   # idb LINKTYPE [TSRESOL]
		my ($lt, $res) = @_;
		my ($L, $S) = $order eq 'N' ? ('N', 'n') : ('V', 'v');
		my $b = pack("$S $S $L", $lt, 0, 0);
		$b .= $opt->(9, chr($res)) . $endopt->() if defined $res;
		$block->(1, $b);
	};
	my $epb = sub {   # epb IFID UNITS-SINCE-EPOCH PACKET
		my ($if, $ts, $p) = @_;
		my $L = $order eq 'N' ? 'N' : 'V';
		$block->(6, pack("$L $L $L $L $L", $if, int($ts / 4294967296),
		    $ts % 4294967296, length $p, length $p) . $p);
	};
	my $pb = sub {    # obsolete packet block
		my ($if, $ts, $p) = @_;
		my ($L, $S) = $order eq 'N' ? ('N', 'n') : ('V', 'v');
		$block->(2, pack("$S $S $L $L $L $L", $if, 0, int($ts / 4294967296),
		    $ts % 4294967296, length $p, length $p) . $p);
	};
	my $base = 1700000000;
	$order = 'N';
	$shb->();
	$idb->(1, 9);      # Ethernet, nanoseconds
	$idb->(113, 3);    # Linux cooked, milliseconds
	for my $i (0 .. 11) {
		if ($i % 3 == 2) {
			$epb->(1, ($base + $i) * 1000 + $i, sll(frame($i)));
		} elsif ($i % 5 == 4) {
			$pb->(0, ($base + $i) * 1000000000 + 17 * $i, eth(frame($i)));
		} else {
			$epb->(0, ($base + $i) * 1000000000 + 987654321 - $i, eth(frame($i)));
		}
	}
	# a name resolution block (an empty one) and interface statistics
	$block->(4, $endopt->());
	$block->(5, pack('N N N', 0, 0, 0));
	$order = 'V';
	$shb->();
	$idb->(101);       # raw IP, default microseconds
	for my $i (12 .. $#script) {
		$epb->(0, ($base + $i) * 1000000 + 3 * $i, frame($i));
	}
} else {
	die "splitcap.pl: unknown kind $kind\n";
}
close $fh or die "$out: $!\n";
