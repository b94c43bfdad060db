/* SPDX-License-Identifier: MIT */
/* tshark.h — Wireshark's tshark as an independent peer for the wire formats Vigil writes.
 *
 * The test writes its datagrams into a pcap file (libpcap's dumper, Ethernet/IPv4/UDP to
 * 127.0.0.1:port), runs `tshark -r FILE -d udp.port==PORT,PROTO -T pdml` and reads back, for
 * each record (a PDML field named by rec_field, e.g. "asterix.message"), the `show` value of
 * every field inside it. A packet tshark marks malformed, or any expert-info item, is
 * counted in `problems`. CI installs tshark (Debian's 4.0.17); without it the tests fail
 * with a message saying so, since there is no skip convention in tests/CMakeLists.txt.
 * Include after test.h. */
#ifndef VG_TEST_TSHARK_H
#define VG_TEST_TSHARK_H

#define _DEFAULT_SOURCE 1
#include <pcap/pcap.h>
#include <stdint.h>

#define TSHARK_KV_MAX 96

struct tshark_rec {
    int frame;
    int n;
    char key[TSHARK_KV_MAX][64];
    char val[TSHARK_KV_MAX][64];
};

struct tshark_out {
    struct tshark_rec *rec;
    int n, cap;
    int problems;     /* malformed packets and expert-info items */
    int frames;
};

static inline int tshark_available(void)
{
    return system("tshark -v >/dev/null 2>&1") == 0;
}

/* Write n UDP payloads as Ethernet/IPv4/UDP frames to 127.0.0.1:port. 0 or -1. */
static inline int tshark_write_pcap(const char *path, const uint8_t *const *pl,
                                    const size_t *len, size_t n, uint16_t port)
{
    pcap_t *p = pcap_open_dead(DLT_EN10MB, 65535);
    if (!p)
        return -1;
    pcap_dumper_t *dmp = pcap_dump_open(p, path);
    if (!dmp) {
        pcap_close(p);
        return -1;
    }
    static uint8_t frame[65536];
    for (size_t i = 0; i < n; i++) {
        size_t ulen = 8 + len[i], iplen = 20 + ulen;
        if (14 + iplen > sizeof frame)
            continue;
        uint8_t *f = frame;
        memset(f, 0, 42);
        f[0] = 0x02; f[5] = 0x01; f[6] = 0x02; f[11] = 0x02; /* locally administered MACs */
        f[12] = 0x08; f[13] = 0x00;
        uint8_t *ip = f + 14;
        ip[0] = 0x45;
        ip[2] = (uint8_t)(iplen >> 8); ip[3] = (uint8_t)iplen;
        ip[4] = (uint8_t)(i >> 8); ip[5] = (uint8_t)i;
        ip[8] = 64; ip[9] = 17;
        ip[12] = 127; ip[15] = 1; ip[16] = 127; ip[19] = 1;
        uint32_t sum = 0;
        for (int k = 0; k < 20; k += 2)
            sum += (uint32_t)ip[k] << 8 | ip[k + 1];
        while (sum >> 16)
            sum = (sum & 0xffff) + (sum >> 16);
        ip[10] = (uint8_t)(~sum >> 8); ip[11] = (uint8_t)~sum;
        uint8_t *u = ip + 20;
        u[0] = (uint8_t)(40000 >> 8); u[1] = (uint8_t)(40000 & 0xff);
        u[2] = (uint8_t)(port >> 8); u[3] = (uint8_t)port;
        u[4] = (uint8_t)(ulen >> 8); u[5] = (uint8_t)ulen; /* checksum 0: none (IPv4) */
        memcpy(u + 8, pl[i], len[i]);
        struct pcap_pkthdr h;
        memset(&h, 0, sizeof h);
        h.ts.tv_sec = 1700000000 + (long)i;
        h.caplen = h.len = (bpf_u_int32)(14 + iplen);
        pcap_dump((u_char *)dmp, &h, frame);
    }
    pcap_dump_close(dmp);
    pcap_close(p);
    return 0;
}

/* Copy the value of attribute attr="..." of a PDML line into out (cap bytes); 0 if found. */
static inline int tshark_attr(const char *line, const char *attr, char *out, size_t cap)
{
    char pat[32];
    snprintf(pat, sizeof pat, " %s=\"", attr);
    const char *s = strstr(line, pat);
    if (!s)
        return -1;
    s += strlen(pat);
    const char *e = strchr(s, '"');
    if (!e)
        return -1;
    size_t n = (size_t)(e - s) < cap - 1 ? (size_t)(e - s) : cap - 1;
    memcpy(out, s, n);
    out[n] = '\0';
    return 0;
}

/* Run tshark on path, collecting records. 0, or -1 if tshark could not run. */
static inline int tshark_read(const char *path, const char *decode_as, const char *rec_field,
                              struct tshark_out *o)
{
    memset(o, 0, sizeof *o);
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "tshark -r '%s' -d '%s' -T pdml 2>/dev/null", path, decode_as);
    FILE *f = popen(cmd, "r");
    if (!f)
        return -1;
    static char line[8192];
    struct tshark_rec *cur = NULL;
    char recpat[96];
    snprintf(recpat, sizeof recpat, "<field name=\"%s\"", rec_field);
    while (fgets(line, sizeof line, f)) {
        if (strstr(line, "<packet>")) {
            o->frames++;
            cur = NULL;
            continue;
        }
        if (strstr(line, "name=\"_ws.malformed") || strstr(line, "name=\"_ws.expert")) {
            o->problems++;
            continue;
        }
        if (strstr(line, recpat)) {
            if (o->n == o->cap) {
                int nc = o->cap ? 2 * o->cap : 64;
                struct tshark_rec *nr = realloc(o->rec, (size_t)nc * sizeof *nr);
                if (!nr)
                    break;
                o->rec = nr;
                o->cap = nc;
            }
            cur = &o->rec[o->n++];
            cur->frame = o->frames;
            cur->n = 0;
            continue;
        }
        char name[64], show[64];
        if (cur && strstr(line, "<field ") && cur->n < TSHARK_KV_MAX &&
            !tshark_attr(line, "name", name, sizeof name) &&
            !tshark_attr(line, "show", show, sizeof show)) {
            memcpy(cur->key[cur->n], name, sizeof name);
            memcpy(cur->val[cur->n], show, sizeof show);
            cur->n++;
        }
    }
    int st = pclose(f);
    return st == 0 ? 0 : -1;
}

/* The value of field key in a record as a number (decimal, or 0x hex), or NAN if absent. */
static inline double tshark_num(const struct tshark_rec *r, const char *key)
{
    for (int i = 0; i < r->n; i++)
        if (!strcmp(r->key[i], key))
            return strncmp(r->val[i], "0x", 2) ? strtod(r->val[i], NULL)
                                                : (double)strtol(r->val[i], NULL, 16);
    return NAN;
}

static inline void tshark_free(struct tshark_out *o)
{
    free(o->rec);
    memset(o, 0, sizeof *o);
}

#endif
