/* Console output of the cpu-diff runtime: whole lines go to the SCLP VT220 console. */
#ifndef CONSOLE_H
#define CONSOLE_H
#include <stdint.h>

int console_write(const char *s, unsigned int n);
void out_char(char c);		/* buffers; '\n' sends the line */
void out_str(const char *s);
void out_hex(uint64_t v, int digits);
void out_dec(uint64_t v);

#endif
