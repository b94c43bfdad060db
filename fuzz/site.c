/* SPDX-License-Identifier: MIT */
/* site.c — libFuzzer target for the site loader (base/site.c).
 *
 * Loads the input as a site.geojson from memory; when that succeeds, writes the site back
 * with vg_site_write_geojson and loads the result, which must succeed with the same counts
 * (the round trip the simulator and the CLI rely on). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/site.h"

#define CHECK(c)                \
    do {                        \
        if (!(c))               \
            __builtin_trap();   \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct vg_site s;
    struct vg_diag d = {""};
    vg_site_init(&s);
    int rc = vg_site_load_buffer(&s, "fuzz", (const char *)data, size, &d);
    if (rc < 0) {
        CHECK(d.msg[0] != '\0');
        vg_site_fini(&s);
        return 0;
    }
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    CHECK(f != NULL);
    rc = vg_site_write_geojson(&s, f);
    fclose(f);
    CHECK(rc == 0);
    struct vg_site b;
    vg_site_init(&b);
    rc = vg_site_load_buffer(&b, "rewritten", text, len, &d);
    if (rc < 0) {
        fprintf(stderr, "%s\n%s\n", d.msg, text);
        __builtin_trap();
    }
    CHECK(b.nsensors == s.nsensors && b.nzones == s.nzones && b.neffectors == s.neffectors);
    free(text);
    vg_site_fini(&b);
    vg_site_fini(&s);
    return 0;
}
