#!/usr/bin/perl
# capwriter.pl SOURCE.pcap DEST - a capture daemon that the test drives
# step by step: it copies SOURCE (a classic pcap) to DEST record by
# record, as told on standard input, one command a line:
#   header      the 24-byte file header
#   packet N    the next N records, whole
#   half        the first half of the next record (a cut packet)
#   rest        the rest of that record
#   close       close DEST and exit
# It answers each command with "ok BYTES" (DEST's size) on standard
# output once the bytes are written, so the test never has to guess
# when the file has changed.
use strict;
use warnings;

my ($src, $dst) = @ARGV;
die "usage: capwriter.pl SOURCE DEST\n" unless defined $dst;
open(my $in, '<:raw', $src) or die "$src: $!\n";
my $data = do { local $/; <$in> };
close $in;
my $magic = unpack('V', substr($data, 0, 4));
my $le = $magic == 0xa1b2c3d4 || $magic == 0xa1b23c4d;
open(my $out, '>:raw', $dst) or die "$dst: $!\n";
my $pos = 24;         # next byte of SOURCE to copy
my $pending = '';     # the second half of a cut record
$| = 1;

sub record_at {       # the whole record starting at $pos
	return '' if $pos + 16 > length $data;
	my $incl = unpack($le ? 'V' : 'N', substr($data, $pos + 8, 4));
	return substr($data, $pos, 16 + $incl);
}

while (my $cmd = <STDIN>) {
	chomp $cmd;
	if ($cmd eq 'header') {
		print $out substr($data, 0, 24);
	} elsif ($cmd =~ /^packet (\d+)$/) {
		for (1 .. $1) {
			my $r = record_at();
			die "capwriter: no more records in $src\n" if $r eq '';
			print $out $r;
			$pos += length $r;
		}
	} elsif ($cmd eq 'half') {
		my $r = record_at();
		die "capwriter: no more records in $src\n" if $r eq '';
		my $h = int(length($r) / 2);
		print $out substr($r, 0, $h);
		$pending = substr($r, $h);
		$pos += length $r;
	} elsif ($cmd eq 'rest') {
		print $out $pending;
		$pending = '';
	} elsif ($cmd eq 'close') {
		close $out or die "$dst: $!\n";
		print "ok ", -s $dst, "\n";
		exit 0;
	} else {
		die "capwriter: unknown command '$cmd'\n";
	}
	$out->flush or die "$dst: $!\n";
	print "ok ", -s $dst, "\n";
}
