# streamxpert - per-stream TCP expert report driven by tshark.
#
#   make            build build/streamxpert
#   make check      install what is missing (as root, Debian), build, run
#                   the unit tests and every integration test file, then
#                   all of it again under AddressSanitizer/UBSan (the
#                   README's test command; 6 minutes on 2 idle cores)
#   make check-slow what CI runs besides: the valgrind pass, every fuzz
#                   target for FUZZ_SECONDS, a million streams, a real
#                   Prometheus scraping the --state cron output
#   make demo       build and run on a bundled capture (needs only make,
#                   a C compiler and tshark; installs tshark when missing,
#                   as root on Debian)
#   make install    PREFIX=/usr/local DESTDIR=
#   make bench      benchmarks (see bench/README.md)
#
# The inner loop while working on one thing:
#   make check-unit                 the cmocka unit tests alone (seconds)
#   make check T=NAME               one integration file, tests/it/NAME.sh
#                                   (also: tests/run.sh NAME [NAME...])
#   make check-mutant               the mutation check alone (part of
#                                   make check: tests/mutant.sh)
#   tests/golden.sh                 regenerate testdata/golden/ after an
#                                   intended change (tests/golden.list)
# Separately:
#   make check-valgrind  unit + integration under valgrind memcheck
#   make check-scale     1,000,000 streams through real tshark (~1.5 GB)
#   make check-prom-live a real Prometheus and node_exporter's textfile
#                        collector over five --state cron runs (a minute)
#   make check-lab       (root) the network-namespace lab, tests/lab/:
#                        real kernel TCP captured at three points, loss
#                        location and duplicates against its truth
#                        (the bulk and short scenarios), and what limited each
#                        transfer against the sender kernel's TCP_INFO
#                        (the limits-* scenarios; LAB="NAME ..." picks)
#   make fuzz            the libFuzzer targets in tests/fuzz/ with clang,
#                        each for FUZZ_SECONDS (default 30); fails on any
#                        finding

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man

CC ?= cc
CFLAGS ?= -O2 -g
WARN = -Wall -Wextra -Wpedantic -Wshadow -Wmissing-prototypes \
       -Wstrict-prototypes -Wvla -Wwrite-strings -Wswitch-enum
ifdef WERROR
WARN += -Werror
endif
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -Iinclude $(WARN) $(CFLAGS)

# Objects go under $(B); the sanitizer build uses its own directory.
B ?= build

LIB_SRC = src/util.c src/linebuf.c src/fields.c src/parse.c src/streams.c \
          src/inputs.c src/threshold.c src/progress.c \
          src/proc.c src/signals.c src/probe.c src/tshark.c src/sched.c \
          src/columns.c src/escape.c src/report.c src/options.c \
          src/pcapio.c src/flowsplit.c src/cut.c src/feed.c src/runner.c \
           src/split.c src/results.c src/plan.c \
           src/stats.c src/parse_stats.c src/diag.c src/diagwork.c src/limits.c \
          src/catalogue.c src/values.c src/verdict.c src/explain.c \
          src/summary.c \
          src/prom.c src/outfile.c src/state.c src/delivery.c src/communityid.c \
          src/shard.c src/points.c src/svg.c src/html.c src/trust.c src/impact.c \
          src/decomp.c src/names.c src/units.c
LIB_OBJ = $(LIB_SRC:src/%.c=$(B)/%.o)
MAIN_OBJ = $(B)/main.o

UNIT_TESTS = test_util test_linebuf test_parse test_streams test_escape \
             test_report test_ops test_options test_pcapio test_flowsplit \
             test_stats test_diag test_delivery test_probe test_cut test_limits \
             test_communityid test_shard test_points test_verdict test_catalogue \
             test_units \
             test_tshark test_plan
UNIT_BIN = $(UNIT_TESTS:%=$(B)/tests/%)

.PHONY: all check check-slow check-unit check-integration check-asan check-valgrind check-prom-live \
        check-mutant check-length \
        check-scale check-lab check-versions deps demo demo-deps install \
        uninstall clean testdata \
        bench fuzz \
        fuzz-build

all: $(B)/streamxpert

$(B)/streamxpert: $(LIB_OBJ) $(MAIN_OBJ)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^

$(B)/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(B)/tests/%.o: tests/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(B)/tests/test_%: $(B)/tests/test_%.o $(LIB_OBJ)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ -lcmocka

# The crafted-capture generator (a test tool, not installed).
$(B)/mkcap: tests/mkcap.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $<

-include $(LIB_OBJ:.o=.d) $(MAIN_OBJ:.o=.d) $(UNIT_BIN:=.d)

# Install what the build and the tests need, when missing.
deps:
	@tests/install-deps.sh

# make check T=NAME runs only tests/it/NAME.sh (normal build).
# Each reading of a capture by tshark is made once a run of make check
# and remembered in $(MEMO) (tests/tshark-memo.sh): the ASan pass and
# the files that ask again get tshark's output, messages and status from
# there. The valgrind pass uses what make check left.
MEMO = $(CURDIR)/build/tshark-memo
ifdef T
check: deps
	rm -rf $(MEMO)
	SX_TSHARK_MEMO=$(MEMO) $(MAKE) WERROR=1 check-integration
else
check: deps
	rm -rf $(MEMO)
	SX_TSHARK_MEMO=$(MEMO) $(MAKE) WERROR=1 check-length check-unit \
	    check-integration check-mutant
	SX_TSHARK_MEMO=$(MEMO) $(MAKE) check-asan
endif

# The extras CI runs after make check: slower, and independent of it.
check-slow: deps
	$(MAKE) check-valgrind
	$(MAKE) fuzz FUZZ_SECONDS=$(FUZZ_SECONDS)
	$(MAKE) check-scale
	$(MAKE) check-prom-live

check-unit: $(UNIT_BIN)
	@set -e; for t in $(UNIT_BIN); do echo "== $$t"; $(DEBUGGER) $$t; done

# No function over 80 lines but flat tables and the getopt switch
# (tests/function-length.sh lists the allowed ones).
check-length:
	@tests/function-length.sh

check-integration: $(B)/streamxpert $(B)/mkcap build/fake_tshark
	@tests/run.sh $(B) $(T)

# The mutation check: a copy of streamxpert with one counter off by one
# (-DSX_MUTANT_OFF_BY_ONE, src/streams.c), built in build/mutant; the
# fidelity tests on two captures must pass on $(B) and fail on it
# (tests/mutant.sh). The switch is never set in any other build.
MUTANT = build/mutant
check-mutant: $(B)/streamxpert $(B)/mkcap build/fake_tshark
	$(MAKE) B=$(MUTANT) CFLAGS="$(CFLAGS) -DSX_MUTANT_OFF_BY_ONE" \
	    $(MUTANT)/streamxpert $(MUTANT)/mkcap
	@tests/mutant.sh $(B) $(MUTANT)

# The lab (tests/lab/run.sh; as root): installs iproute2, nftables,
# tcpdump, ethtool, iperf3 when missing. LAB=NAME runs one scenario.
check-lab: deps $(B)/streamxpert
	tests/lab/run.sh $(B) $(LAB)

# The same tests under AddressSanitizer and UndefinedBehaviorSanitizer:
# every unit test and every integration file, with the subset of the
# public captures (SX_SUBSET, tests/lib.sh) in the per-capture loops.
SAN = -fsanitize=address,undefined -fno-sanitize-recover=all \
      -fno-omit-frame-pointer
check-asan:
	SX_SUBSET=1 $(MAKE) B=build/asan WERROR=1 CFLAGS="-O1 -g $(SAN)" \
	    LDFLAGS="$(SAN)" check-unit check-integration

# Fuzzing with libFuzzer: every tests/fuzz/fuzz_NAME.c is a target (it
# defines LLVMFuzzerTestOneInput and is linked with the library), with
# its seeds in tests/fuzz/corpus/fuzz_NAME/. A new parser gets a target
# by dropping in one file; nothing here changes. Built with clang under
# ASan and UBSan in build/fuzz; tests/fuzz/run.sh runs each target in
# turn for FUZZ_SECONDS and prints its execs and execs/s.
FUZZ_SECONDS ?= 30
FUZZ_TARGETS = $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_SAN = -fsanitize=address,undefined -fno-sanitize-recover=all \
           -fno-omit-frame-pointer
fuzz: deps
	$(MAKE) B=build/fuzz CC=clang WERROR=1 \
	    CFLAGS="-O1 -g $(FUZZ_SAN) -fsanitize=fuzzer-no-link" fuzz-build
	tests/fuzz/run.sh build/fuzz $(FUZZ_SECONDS) $(FUZZ_TARGETS)

fuzz-build: $(FUZZ_TARGETS:%=$(B)/%)

$(B)/fuzz_%: tests/fuzz/fuzz_%.c $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer -MMD -MP -MF $@.d $(LDFLAGS) \
	    -o $@ $(filter %.c %.o,$^)

-include $(wildcard $(B)/fuzz_*.d)

# Once more under valgrind memcheck (streamxpert and the unit tests, never
# tshark): any error, or any definitely or indirectly lost block, fails.
# The integration suite runs whole (signals, pipes, fault injection,
# hostile names, formats, errors, goldens) except that only a subset of
# the captures is compared column by column with tshark (SX_SUBSET in
# tests/lib.sh: eight chosen for IPv6, tunnels, several TCP
# headers in a frame, cooked captures, reused ports and a cut capture);
# the others run through the same code and valgrind makes each run
# several seconds slower.
VALGRIND = valgrind --tool=memcheck --error-exitcode=99 --leak-check=full \
           --show-leak-kinds=definite,indirect \
           --errors-for-leak-kinds=definite,indirect --quiet
check-valgrind: $(B)/streamxpert $(B)/mkcap build/fake_tshark $(UNIT_BIN)
	$(MAKE) WERROR=1 DEBUGGER="$(VALGRIND)" check-unit
	@SX_VALGRIND=1 SX_SUBSET=1 SX_TSHARK_MEMO=$(MEMO) tests/run.sh $(B) $(T)

# 1,000,000 SYN-only streams through real tshark (tests/scale.sh): every
# row right, streamxpert's memory bounded; 500,000 frames split in two
# equal one tshark. Not in `make check`: tshark alone needs about 1.5 GB
# and half a minute or more.
check-scale: $(B)/streamxpert $(B)/mkcap
	@tests/scale.sh $(B)

# A real Prometheus scraping node_exporter's textfile collector while
# five cron runs of -T prometheus --state write into it (tests/prom-live.sh):
# no series goes stale, no counter resets. Exit 77 (a missing tool) skips.
check-prom-live: $(B)/streamxpert
	@tests/prom-live.sh $(B); rc=$$?; [ $$rc = 0 ] || [ $$rc = 77 ]

testdata: $(B)/mkcap
	@for s in $$($(B)/mkcap --list); do \
	    $(B)/mkcap $$s testdata/$$s.pcap || exit 1; done

# A first look, with nothing but make, a C compiler and tshark (installed
# when missing, as root on Debian): the table with each stream's
# diagnosis, the worst stream (the highest retrans_rate) explained, and
# the capture's summary, on testdata/demo.pcap (tests/mkcap.c: a clean
# exchange and streams with one problem each).
DEMO = testdata/demo.pcap
# (One shell command: it needs nothing but sh's builtins besides them.)
demo: demo-deps $(B)/streamxpert
	@sx=$(B)/streamxpert; d=$(DEMO); \
	echo "\$$ streamxpert -e default,diagnosis $$d" && \
	$$sx -e default,diagnosis $$d && \
	w=$$($$sx -T tsv --no-header -e stream --sort retrans_rate --top 1 $$d) && \
	echo && echo "\$$ streamxpert --explain --stream $$w $$d" && \
	$$sx --explain --stream $$w $$d && \
	echo && echo "\$$ streamxpert --summary $$d" && \
	$$sx --summary $$d && \
	echo && echo "More: man -l man/streamxpert.1 (the reference), README.md"

demo-deps:
	@tests/install-deps.sh --demo

install: $(B)/streamxpert
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	cp $(B)/streamxpert $(DESTDIR)$(BINDIR)/streamxpert
	chmod 755 $(DESTDIR)$(BINDIR)/streamxpert
	cp man/streamxpert.1 $(DESTDIR)$(MANDIR)/man1/streamxpert.1
	chmod 644 $(DESTDIR)$(MANDIR)/man1/streamxpert.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/streamxpert \
	    $(DESTDIR)$(MANDIR)/man1/streamxpert.1

# Benchmarks: wall time against a Lua tap and tshark's floor, CPU,
# memory per stream (bench/README.md). BENCH_QUICK=1 for a short run.
bench: $(B)/streamxpert $(B)/mkcap build/fake_tshark
	bench/run.sh $(B)

clean:
	rm -rf build

# The stand-in for tshark used by the error-path tests; always built
# without sanitizers, so that it dies the way it is told to.
build/fake_tshark: tests/fake_tshark.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -Iinclude $(WARN) -O2 -o $@ $<

# The fidelity tests against Debian's tshark 3.4, 4.0, 4.4 and 4.6, each
# in a chroot made once under /var/cache/streamxpert/tsharks (root; about
# 400 MB and a minute per suite the first time): tests/versions.sh.
check-versions: deps $(B)/streamxpert $(B)/mkcap
	@tests/versions.sh $(B)
