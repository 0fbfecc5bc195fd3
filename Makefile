# streamxpert - per-stream TCP expert report driven by tshark.
#
#   make            build build/streamxpert
#   make check      install what is missing (as root, Debian), build, run
#                   every test, then again under AddressSanitizer/UBSan
#   make demo       build and run on a bundled capture
#   make install    PREFIX=/usr/local DESTDIR=
#   make bench      benchmarks (see bench/README.md)

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man

CC ?= cc
CFLAGS ?= -O2 -g
WARN = -Wall -Wextra -Wpedantic -Wshadow -Wmissing-prototypes \
       -Wstrict-prototypes -Wvla -Wwrite-strings
ifdef WERROR
WARN += -Werror
endif
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -Iinclude $(WARN) $(CFLAGS)

# Objects go under $(B); the sanitizer build uses its own directory.
B ?= build

LIB_SRC = src/util.c src/linebuf.c src/fields.c src/parse.c src/streams.c \
          src/proc.c src/signals.c src/tshark.c src/analyze.c \
          src/columns.c src/escape.c src/report.c src/pcapio.c \
          src/flowsplit.c src/split.c
LIB_OBJ = $(LIB_SRC:src/%.c=$(B)/%.o)
MAIN_OBJ = $(B)/main.o

UNIT_TESTS = test_util test_linebuf test_parse test_streams test_escape \
             test_report test_pcapio test_flowsplit
UNIT_BIN = $(UNIT_TESTS:%=$(B)/tests/%)

.PHONY: all check check-unit check-integration check-asan deps demo \
        install uninstall clean testdata bench

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

check: deps
	$(MAKE) WERROR=1 check-unit check-integration
	$(MAKE) check-asan

check-unit: $(UNIT_BIN)
	@set -e; for t in $(UNIT_BIN); do echo "== $$t"; $(DEBUGGER) $$t; done

check-integration: $(B)/streamxpert $(B)/mkcap build/fake_tshark
	@tests/integration.sh $(B)

# The same tests under AddressSanitizer and UndefinedBehaviorSanitizer.
SAN = -fsanitize=address,undefined -fno-sanitize-recover=all \
      -fno-omit-frame-pointer
check-asan:
	$(MAKE) B=build/asan WERROR=1 CFLAGS="-O1 -g $(SAN)" \
	    LDFLAGS="$(SAN)" check-unit check-integration

testdata: $(B)/mkcap
	@for s in $$($(B)/mkcap --list); do \
	    $(B)/mkcap $$s testdata/$$s.pcap || exit 1; done

demo: deps $(B)/streamxpert
	$(B)/streamxpert testdata/many-streams.pcap
	@echo
	$(B)/streamxpert --columns all --format tsv testdata/many-streams.pcap

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
