# hybridcost — build, test, benchmark.
#   make            the library (build/libhybridcost.a) and the tool (build/hybridcost)
#   make check      unit tests (Check) and end-to-end CLI tests
#   make check SAN=1   the same under AddressSanitizer + UndefinedBehaviorSanitizer (build-san/)
#   make test       what CI runs: check with -Werror, then check SAN=1 with -Werror
#   make bench      benchmarks that print figures (never part of the tests)
#   make fuzz       each libFuzzer harness for FUZZ_SECONDS (default 60) under ASan+UBSan (clang)
#   make paper      report + compare on every shipped paper model
#   make plots      the paper's charts into plots/out/ (needs gnuplot)
#   make install PREFIX=/usr/local DESTDIR=
# Every .c under src/ goes into the library except src/cli*.c, which make the tool; every
# tests/check_*.c goes into the one Check runner.  A new module needs no Makefile edit.

CC       ?= cc
PREFIX   ?= /usr/local
WERROR   ?= 0
SAN      ?= 0
PKGS     := yaml-0.1

BUILD    := build
ifeq ($(SAN),1)
BUILD    := build-san
endif
# FUZZ=1: the library built by clang for libFuzzer harnesses (fuzz/), with ASan+UBSan.
FUZZ     ?= 0
ifeq ($(FUZZ),1)
BUILD    := build-fuzz
CC       := clang
endif

WARN     := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
            -Wformat=2 -Wvla -Wswitch-enum -Wundef
ifeq ($(WERROR),1)
WARN     += -Werror
endif
OPT      ?= -O2 -g
CFLAGS_ALL := -std=c11 -D_POSIX_C_SOURCE=200809L $(OPT) $(WARN) -Iinclude -Isrc -MMD -MP \
              $(shell pkg-config --cflags $(PKGS)) $(CFLAGS)
LDLIBS_ALL := $(shell pkg-config --libs $(PKGS)) -lm $(LDLIBS)
ifeq ($(SAN),1)
CFLAGS_ALL += -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
LDFLAGS    += -fsanitize=address,undefined
endif
ifeq ($(FUZZ),1)
CFLAGS_ALL += -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all \
              -fno-omit-frame-pointer
endif

LIB_SRC  := $(filter-out src/cli%.c,$(wildcard src/*.c))
CLI_SRC  := $(wildcard src/cli*.c)
TEST_SRC := $(wildcard tests/check_*.c)
BENCH_SRC:= $(wildcard bench/*.c)

LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/%.o)
TEST_OBJ := $(TEST_SRC:%.c=$(BUILD)/%.o)
BENCH_BIN:= $(BENCH_SRC:bench/%.c=$(BUILD)/bench/%)

LIB      := $(BUILD)/libhybridcost.a
TOOL     := $(BUILD)/hybridcost
TESTBIN  := $(BUILD)/check_hybridcost

.PHONY: all check test unit e2e fault bench paper plots install clean fuzz fuzz-build
all: $(TOOL)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -c $< -o $@

$(LIB): $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(TOOL): $(CLI_OBJ) $(LIB)
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(LIB) $(LDLIBS_ALL)

$(TESTBIN): $(TEST_OBJ) $(LIB)
	$(CC) $(LDFLAGS) -o $@ $(TEST_OBJ) $(LIB) $(shell pkg-config --libs check) $(LDLIBS_ALL)

$(BUILD)/tests/%.o: CFLAGS_ALL += $(shell pkg-config --cflags check)

$(BUILD)/bench/%: bench/%.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -O3 $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS_ALL)

# Unit tests run from the source root so that tests/data/ and models/ resolve.
# CK_RUN_SUITE=engine make unit   runs one suite.
unit: $(TESTBIN)
	./$(TESTBIN)

e2e: $(TOOL)
	HC_TOOL=$(TOOL) bash tests/cli.sh
	HC_TOOL=$(TOOL) bash tests/cli_sweep.sh
	HC_TOOL=$(TOOL) bash tests/cli_plots.sh
	HC_TOOL=$(TOOL) bash tests/cli_hostile.sh
	HC_TOOL=$(TOOL) bash tests/cli_verify.sh

# Out-of-memory faults (tests/fault/): the library's allocations wrapped, the Nth one failed.
FAULT_SRC := $(wildcard tests/fault/*.c)
FAULT_BIN := $(BUILD)/fault_oom
FAULT_WRAP := -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=strdup,--wrap=open_memstream
$(FAULT_BIN): $(FAULT_SRC:%.c=$(BUILD)/%.o) $(LIB)
	$(CC) $(LDFLAGS) $(FAULT_WRAP) -o $@ $^ $(LDLIBS_ALL)

fault: $(FAULT_BIN)
	./$(FAULT_BIN)

check: unit e2e fault

# The full test command (README, CI): warnings as errors, then the same under ASan+UBSan (with
# LeakSanitizer: the hostile catalogue and the fault test leak nothing), then each fuzz harness
# for a short bounded time (side by side), failing on any finding.
test:
	$(MAKE) check WERROR=1
	CK_FORK=no $(MAKE) check WERROR=1 SAN=1
	$(MAKE) fuzz WERROR=1 FUZZ_SECONDS=$(TEST_FUZZ_SECONDS) FUZZ_JOBS=$(TEST_FUZZ_JOBS) \
	  FUZZ_SEED=$(TEST_FUZZ_SEED)

# ---- fuzzing (fuzz/README.md) ----
# make fuzz FUZZ_SECONDS=1800 FUZZ_JOBS=3   a campaign: the harnesses side by side, new inputs kept
# in build-fuzz/corpus/NAME, statistics in build-fuzz/fuzz_NAME.log, any crash, leak or sanitizer
# report in build-fuzz/findings/ and a non-zero exit.  Seeds: models/, tech/, the bad catalogues,
# fuzz/corpus/NAME.
FUZZ_SECONDS      ?= 60
TEST_FUZZ_SECONDS ?= 60
TEST_FUZZ_JOBS    ?= 4
# 0: a random libFuzzer seed (campaigns); make test pins one, so a CI failure can be replayed
FUZZ_SEED         ?= 0
TEST_FUZZ_SEED    ?= 1
FUZZ_JOBS         ?= 1
FUZZ_NAMES := model tech set verify
FUZZ_SEEDS_model := fuzz/corpus/model models models/paper tests/data/bad
FUZZ_SEEDS_tech  := fuzz/corpus/tech tech tests/data/bad-tech
FUZZ_SEEDS_set   := fuzz/corpus/set
FUZZ_SEEDS_verify:= fuzz/corpus/verify models/paper
FUZZ_DICT_model  := fuzz/model.dict
FUZZ_DICT_tech   := fuzz/tech.dict
FUZZ_DICT_set    := fuzz/set.dict
FUZZ_DICT_verify := fuzz/model.dict

fuzz:
	$(MAKE) fuzz-build FUZZ=1
	$(MAKE) -j$(FUZZ_JOBS) $(FUZZ_NAMES:%=fuzz-run-%)

# (not .PHONY: make does not apply pattern rules to phony targets; no such files exist)
fuzz-run-%:
	@mkdir -p build-fuzz/findings build-fuzz/corpus/$*
	@echo "== fuzz_$* for $(FUZZ_SECONDS) s"
	@build-fuzz/fuzz/fuzz_$* -seed=$(FUZZ_SEED) -max_total_time=$(FUZZ_SECONDS) -max_len=65536 \
	  -timeout=10 -rss_limit_mb=2048 -dict=$(FUZZ_DICT_$*) -print_final_stats=1 \
	  -artifact_prefix=build-fuzz/findings/$*- build-fuzz/corpus/$* $(FUZZ_SEEDS_$*) \
	  2>build-fuzz/fuzz_$*.log || { tail -60 build-fuzz/fuzz_$*.log; exit 1; }
	@echo "fuzz_$*: $$(grep -E '^#[0-9]+.*DONE' build-fuzz/fuzz_$*.log)"

FUZZ_HARNESS := $(patsubst %,build-fuzz/fuzz/fuzz_%,$(FUZZ_NAMES))
fuzz-build: $(FUZZ_HARNESS)

build-fuzz/fuzz/fuzz_%: fuzz/fuzz_%.c fuzz/fuzz_common.c fuzz/fuzz_common.h $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -fsanitize=fuzzer,address,undefined -o $@ $< fuzz/fuzz_common.c \
	  $(LIB) $(LDLIBS_ALL)

bench: $(BENCH_BIN) $(TOOL)
	@for b in $(BENCH_BIN); do echo "== $$b"; ./$$b || exit 1; done

# The paper's configurations (METHOD.md section 7); ImageNet again with the 100-way last layer the
# paper's ImageNet table implies.
paper: $(TOOL)
	./$(TOOL) compare models/paper/*.yaml
	@echo
	@echo "ImageNet configurations with --set classes=100 (the paper's table):"
	./$(TOOL) compare --set classes=100 models/paper/vgg19-imagenet-*.yaml

# The paper's charts (docs/plots.md) into plots/out/ (not committed): PNG, gnuplot script and data.
plots: $(TOOL)
	HC_TOOL=$(TOOL) bash plots/paper.sh plots/out

install: $(TOOL) $(LIB)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include/hc \
	           $(DESTDIR)$(PREFIX)/share/hybridcost/tech $(DESTDIR)$(PREFIX)/share/hybridcost/models/paper
	install -m 755 $(TOOL) $(DESTDIR)$(PREFIX)/bin/
	install -m 644 $(LIB) $(DESTDIR)$(PREFIX)/lib/
	install -m 644 include/hc/*.h $(DESTDIR)$(PREFIX)/include/hc/
	install -m 644 tech/*.yaml $(DESTDIR)$(PREFIX)/share/hybridcost/tech/
	install -m 644 models/*.yaml $(DESTDIR)$(PREFIX)/share/hybridcost/models/
	install -m 644 models/paper/*.yaml $(DESTDIR)$(PREFIX)/share/hybridcost/models/paper/

clean:
	rm -rf build build-san build-fuzz plots/out

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(TEST_OBJ:.o=.d) $(FAULT_SRC:%.c=$(BUILD)/%.d)
