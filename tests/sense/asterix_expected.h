/* SPDX-License-Identifier: MIT */
/* asterix_expected.h — the Cat 048 records of ../shared/testdata/asterix/expected.jsonl
 * (tshark 4.0.17's decode of the real capture, FL sign corrected; see its README) compared
 * with Vigil's JSON description of the same record. Shared by test_asterix.c (decoder) and
 * test_cli_decode.c (`vigil decode`). Include after test.h. */
#ifndef VG_TEST_ASTERIX_EXPECTED_H
#define VG_TEST_ASTERIX_EXPECTED_H

#include <jansson.h>

#define AX_EXPECTED_N 128

struct ax_expected {
    json_t *line[AX_EXPECTED_N];
    int n;
    int matched[AX_EXPECTED_N];
};

/* Every field of a record the reference lists; a key it lacks must be absent in ours. */
static const char *const ax_keys[] = {
    "payload_offset", "record_len", "sac", "sic", "tod_s", "typ", "rho_nm", "theta_deg",
    "mode3a", "mode3a_v", "mode3a_g", "mode3a_l", "fl", "fl_v", "fl_g", "track", "icao",
    "callsign",
};

static inline int ax_expected_load(struct ax_expected *x)
{
    memset(x, 0, sizeof *x);
    FILE *f = fopen(test_shared("testdata/asterix/expected.jsonl"), "r");
    if (!f)
        return -1;
    char buf[4096];
    while (fgets(buf, sizeof buf, f) && x->n < AX_EXPECTED_N) {
        json_error_t e;
        json_t *o = json_loads(buf, 0, &e);
        if (o)
            x->line[x->n++] = o;
    }
    fclose(f);
    return 0;
}

static inline void ax_expected_free(struct ax_expected *x)
{
    for (int i = 0; i < x->n; i++)
        json_decref(x->line[i]);
}

static inline int ax_int(json_t *o, const char *k)
{
    return (int)json_integer_value(json_object_get(o, k));
}

/* Compare our description `got` of (packet, block, record) with the reference line. */
static inline void ax_expected_check(struct ax_expected *x, int packet, int block, int record,
                                     json_t *got)
{
    int i;
    for (i = 0; i < x->n; i++)
        if (ax_int(x->line[i], "packet") == packet && ax_int(x->line[i], "block") == block &&
            ax_int(x->line[i], "record") == record)
            break;
    CHECK(i < x->n);
    if (i == x->n) {
        fprintf(stderr, "  packet %d block %d record %d: not in expected.jsonl\n", packet,
                block, record);
        return;
    }
    x->matched[i]++;
    json_t *want = x->line[i];
    for (size_t k = 0; k < sizeof ax_keys / sizeof ax_keys[0]; k++) {
        json_t *w = json_object_get(want, ax_keys[k]), *g = json_object_get(got, ax_keys[k]);
        int ok;
        if (!w)
            ok = g == NULL;
        else if (!g)
            ok = 0;
        else if (json_is_string(w))
            ok = json_is_string(g) && !strcmp(json_string_value(w), json_string_value(g));
        else if (json_is_integer(w))
            ok = json_is_integer(g) && json_integer_value(w) == json_integer_value(g);
        else
            ok = json_is_number(g) && fabs(json_number_value(w) - json_number_value(g)) <= 1e-9;
        CHECK(ok);
        if (!ok) {
            char *ws = w ? json_dumps(w, JSON_ENCODE_ANY) : NULL;
            char *gs = g ? json_dumps(g, JSON_ENCODE_ANY) : NULL;
            fprintf(stderr, "  packet %d block %d record %d: %s = %s, expected %s\n", packet,
                    block, record, ax_keys[k], gs ? gs : "(absent)", ws ? ws : "(absent)");
            free(ws);
            free(gs);
        }
    }
}

#endif
