/* SPDX-License-Identifier: MIT */
/* live_config.c — fuzz the live engine's configuration parser (engine/live.h): sections,
 * keys, values and --set-style overrides from arbitrary bytes; a bad file must give an
 * error naming its line, never a crash or an out-of-bounds read. The input's first line, if
 * it starts with "set ", is also applied as an override. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engine/live.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct vg_live_config c;
    struct vg_diag d;
    char set[256];
    const char *sets[1];
    size_t nsets = 0;
    if (size > 4 && !memcmp(data, "set ", 4)) {
        const uint8_t *nl = memchr(data, '\n', size);
        size_t n = nl ? (size_t)(nl - data) - 4 : size - 4;
        if (n < sizeof set && !memchr(data + 4, '\0', n)) {
            memcpy(set, data + 4, n);
            set[n] = '\0';
            sets[nsets++] = set;
        }
    }
    vg_live_config_default(&c);
    if (vg_live_config_parse(&c, "fuzz.conf", (const char *)data, size, sets, nsets, &d) == 0) {
        FILE *f = fopen("/dev/null", "w");
        if (f) {
            vg_live_config_write(f, &c);
            fclose(f);
        }
    }
    return 0;
}
