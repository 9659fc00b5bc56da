# Shared build rules for Kuli's system test guests. A guest Makefile sets NAME and
# SRCS (and QEMU/QEMU_ARGS for `make check`), then includes this file. The ELF and
# QEMU's console output (recorded by ../record-goldens.mjs) are committed, so
# `npm test` needs neither the cross compiler nor QEMU.
LIB     ?= ../lib
CC      = s390x-linux-gnu-gcc
CFLAGS  = -march=z10 -O2 -msoft-float -ffreestanding -fno-builtin -nostdlib -static \
          -fno-pic -fno-asynchronous-unwind-tables -Wall -Wextra --param=min-pagesize=0 -I$(LIB) \
          -Wl,-T,$(LIB)/link.ld -Wl,--build-id=none -Wl,--no-warn-rwx-segments
LIBSRCS = $(LIB)/start.S $(LIB)/lib.c $(LIB)/sclp.c
QEMU    ?= qemu-system-s390x -M s390-ccw-virtio -nographic -m 128
QEMU_ARGS ?=

all: $(NAME).elf

$(NAME).elf: $(SRCS) $(LIBSRCS) $(LIB)/guest.h $(LIB)/link.ld
	$(CC) $(CFLAGS) -o $@ $(SRCS) $(LIBSRCS)

check: $(NAME).elf
	timeout 20 $(QEMU) $(QEMU_ARGS) -kernel $(NAME).elf </dev/null

clean:
	rm -f $(NAME).elf

.PHONY: all check clean
