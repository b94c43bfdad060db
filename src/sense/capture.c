/* SPDX-License-Identifier: MIT */
/* capture.c — libpcap file reading and UDP extraction; see capture.h. */
/* libpcap's headers use the BSD u_int/u_char types, hidden by _POSIX_C_SOURCE alone. */
#define _DEFAULT_SOURCE 1
#include "sense/capture.h"

#include <pcap/pcap.h>
#include <stdlib.h>
#include <string.h>

struct vg_capture {
    pcap_t *p;
    char path[256];
    uint64_t number;
};

int vg_capture_open(struct vg_capture **out, const char *path, struct vg_diag *d)
{
    char errbuf[PCAP_ERRBUF_SIZE] = "";
    *out = NULL;
    struct vg_capture *c = calloc(1, sizeof *c);
    if (!c)
        return vg_diag_set(d, VG_ENOMEM, "%s: out of memory", path);
    c->p = pcap_open_offline(path, errbuf);
    if (!c->p) {
        free(c);
        return vg_diag_set(d, VG_EPARSE, "%s: %s", path, errbuf);
    }
    snprintf(c->path, sizeof c->path, "%s", path);
    *out = c;
    return 0;
}

int vg_capture_next(struct vg_capture *c, struct vg_frame *f, struct vg_diag *d)
{
    struct pcap_pkthdr *h;
    const u_char *data;
    int rc = pcap_next_ex(c->p, &h, &data);
    if (rc == PCAP_ERROR_BREAK)
        return 0;
    if (rc != 1)
        return vg_diag_set(d, VG_EPARSE, "%s: frame %llu: %s", c->path,
                           (unsigned long long)c->number + 1, pcap_geterr(c->p));
    c->number++;
    f->number = c->number;
    f->t = (double)h->ts.tv_sec + (double)h->ts.tv_usec * 1e-6;
    f->linktype = pcap_datalink(c->p);
    f->data = data;
    f->len = h->caplen;
    f->wire_len = h->len;
    return 1;
}

void vg_capture_close(struct vg_capture *c)
{
    if (!c)
        return;
    pcap_close(c->p);
    free(c);
}

static unsigned be16(const uint8_t *p) { return (unsigned)p[0] << 8 | p[1]; }

/* Network-layer offset and ethertype for each link type. */
static int link_header(const struct vg_frame *f, size_t *off, unsigned *ethertype,
                       struct vg_diag *d)
{
    const uint8_t *p = f->data;
    size_t n = f->len;
    switch (f->linktype) {
    case DLT_EN10MB: {
        if (n < 14)
            return vg_diag_set(d, VG_ETRUNC, "frame %llu: Ethernet header truncated at byte %zu",
                               (unsigned long long)f->number, n);
        size_t o = 12;
        unsigned et = be16(p + o);
        /* 802.1Q and 802.1ad tags, possibly stacked. */
        while (et == 0x8100 || et == 0x88a8 || et == 0x9100) {
            if (n < o + 6)
                return vg_diag_set(d, VG_ETRUNC, "frame %llu: VLAN tag truncated at byte %zu",
                                   (unsigned long long)f->number, n);
            o += 4;
            et = be16(p + o);
        }
        *off = o + 2;
        *ethertype = et;
        return 0;
    }
    case DLT_LINUX_SLL:
        if (n < 16)
            return vg_diag_set(d, VG_ETRUNC, "frame %llu: SLL header truncated at byte %zu",
                               (unsigned long long)f->number, n);
        *off = 16;
        *ethertype = be16(p + 14);
        return 0;
#ifdef DLT_LINUX_SLL2
    case DLT_LINUX_SLL2:
        if (n < 20)
            return vg_diag_set(d, VG_ETRUNC, "frame %llu: SLL2 header truncated at byte %zu",
                               (unsigned long long)f->number, n);
        *off = 20;
        *ethertype = be16(p);
        return 0;
#endif
    case DLT_NULL:
    case DLT_LOOP: {
        if (n < 4)
            return vg_diag_set(d, VG_ETRUNC, "frame %llu: loopback header truncated",
                               (unsigned long long)f->number);
        /* The address family, in host (NULL) or network (LOOP) order: 2 is AF_INET
         * everywhere; AF_INET6 differs between systems (24, 28, 30), so take the IP
         * version from the packet itself. */
        *off = 4;
        *ethertype = n > 4 && (p[4] >> 4) == 6 ? 0x86dd : 0x0800;
        return 0;
    }
    case DLT_RAW:
#ifdef DLT_IPV4
    case DLT_IPV4:
#endif
        if (n < 1)
            return vg_diag_set(d, VG_ETRUNC, "frame %llu: empty", (unsigned long long)f->number);
        *off = 0;
        *ethertype = (p[0] >> 4) == 6 ? 0x86dd : 0x0800;
        return 0;
    default:
        return vg_diag_set(d, VG_EUNSUPPORTED, "frame %llu: link type %d carries no IP here",
                           (unsigned long long)f->number, f->linktype);
    }
}

int vg_capture_udp(const struct vg_frame *f, struct vg_udp *u, struct vg_diag *d)
{
    size_t o = 0;
    unsigned et = 0;
    int rc = link_header(f, &o, &et, d);
    if (rc)
        return rc;
    const uint8_t *p = f->data;
    size_t n = f->len;
    unsigned long long fn = (unsigned long long)f->number;
    memset(u, 0, sizeof *u);
    size_t ip_end; /* end of the IP packet by its own length field, capped by the capture */
    if (et == 0x0800) {
        if (n < o + 20)
            return vg_diag_set(d, VG_ETRUNC, "frame %llu: IPv4 header truncated at byte %zu", fn, n);
        unsigned ihl = (p[o] & 0x0f) * 4u;
        if ((p[o] >> 4) != 4 || ihl < 20)
            return vg_diag_set(d, VG_EPARSE, "frame %llu: byte %zu: bad IPv4 header", fn, o);
        if (n < o + ihl)
            return vg_diag_set(d, VG_ETRUNC, "frame %llu: IPv4 options truncated at byte %zu", fn, n);
        unsigned total = be16(p + o + 2);
        unsigned frag = be16(p + o + 6);
        if (p[o + 9] != 17)
            return vg_diag_set(d, VG_EUNSUPPORTED, "frame %llu: IP protocol %u is not UDP", fn,
                               p[o + 9]);
        if (frag & 0x1fff)
            return vg_diag_set(d, VG_EUNSUPPORTED, "frame %llu: IPv4 fragment (offset %u)", fn,
                               (frag & 0x1fff) * 8);
        if (total < ihl)
            return vg_diag_set(d, VG_EPARSE, "frame %llu: byte %zu: IPv4 total length %u < header",
                               fn, o + 2, total);
        u->ip_version = 4;
        memcpy(u->src_addr, p + o + 12, 4);
        memcpy(u->dst_addr, p + o + 16, 4);
        ip_end = o + total < n ? o + total : n;
        o += ihl;
    } else if (et == 0x86dd) {
        if (n < o + 40)
            return vg_diag_set(d, VG_ETRUNC, "frame %llu: IPv6 header truncated at byte %zu", fn, n);
        if (p[o + 6] != 17)
            return vg_diag_set(d, VG_EUNSUPPORTED,
                               "frame %llu: IPv6 next header %u is not UDP (extension headers "
                               "are not followed)", fn, p[o + 6]);
        u->ip_version = 6;
        memcpy(u->src_addr, p + o + 8, 16);
        memcpy(u->dst_addr, p + o + 24, 16);
        size_t plen = be16(p + o + 4);
        ip_end = o + 40 + plen < n ? o + 40 + plen : n;
        o += 40;
    } else {
        return vg_diag_set(d, VG_EUNSUPPORTED, "frame %llu: ethertype 0x%04x is not IP", fn, et);
    }
    if (ip_end < o + 8)
        return vg_diag_set(d, VG_ETRUNC, "frame %llu: UDP header truncated at byte %zu", fn,
                           ip_end);
    unsigned ulen = be16(p + o + 4);
    if (ulen < 8)
        return vg_diag_set(d, VG_EPARSE, "frame %llu: byte %zu: UDP length %u < 8", fn, o + 4, ulen);
    u->src_port = (uint16_t)be16(p + o);
    u->dst_port = (uint16_t)be16(p + o + 2);
    u->offset = o + 8;
    size_t avail = ip_end - u->offset;
    u->len = ulen - 8u < avail ? ulen - 8u : avail;
    u->payload = p + u->offset;
    return 0;
}
