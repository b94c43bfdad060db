/* SPDX-License-Identifier: MIT */
/* cmd_decode.c — `vigil decode FORMAT FILE`: what a sensor feed holds, unit by unit.
 *
 * Generic over the decoder table (sense/decoder.h): FILE is either a capture (pcap or
 * pcapng, told by its magic number) or a raw file, cut into units by the format's framing.
 * From a capture, DATAGRAM formats get each frame's UDP payload, FRAME formats the whole
 * frame with the capture's link type, and stream formats (lines, length-prefixed) the units
 * inside each UDP payload; TCP segments are not reassembled (said so, and counted). A raw
 * file is split by the framing; for DATAGRAM and FRAME it is one unit (≤ unit_max).
 * Output: JSON lines, one per unit description and one per detection (formats.md, with the
 * extra fields "frame" — or "unit" for a raw file — and "offset", the unit's byte offset in
 * the frame or file). By default the first malformed unit stops the run (formats.md: offline
 * tools stop); --keep-going counts and skips them. */
#define _DEFAULT_SOURCE 1
#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "base/geo.h"
#include "base/site.h"
#include "cli/cmds.h"
#include "sense/capture.h"
#include "sense/decoder.h"
#include "sense/jsonl_write.h"

#define RAW_MAX ((size_t)1 << 30) /* raw files are read whole; beyond 1 GiB use a capture */

static void usage(FILE *f)
{
    fprintf(f,
            "usage: vigil decode FORMAT FILE [--site FILE | --origin LAT,LON[,H]]\n"
            "                    [--sensor ID] [--describe |\n"
            "                    --detections] [--port N] [--time T] [--keep-going] [-o OUT]\n\n"
            "Decode a sensor feed recorded in FILE and print, as JSON lines, what each unit\n"
            "(datagram, line or message) holds in the format's own terms ({\"frame\":N,\n"
            "\"offset\":M,\"describe\":{...}}) and the detections Vigil takes from it\n"
            "(formats.md detection lines, plus \"frame\" and \"offset\"). FILE is a pcap or\n"
            "pcapng capture (UDP payloads; link-layer frames for frame formats) or a raw file\n"
            "cut by the format's framing (\"unit\" instead of \"frame\"); '-' reads stdin.\n\n"
            "  -s, --site FILE     site.geojson: sensor positions (polar plots need them)\n"
            "      --origin LAT,LON[,H]  the local frame's origin without a site (default:\n"
            "                      the first position the feed reports)\n"
            "      --sensor ID     the site sensor the feed comes from (else the format's own\n"
            "                      ids, e.g. ASTERIX \"SAC/SIC\")\n"
            "      --describe      print only the unit descriptions\n"
            "      --detections    print only the detections\n"
            "      --port N        captures: only UDP datagrams from or to port N\n"
            "      --time T        raw files: arrival time, UNIX seconds (default: the file's\n"
            "                      modification time), for formats that send only a time of day\n"
            "  -k, --keep-going    count and skip malformed units (default: stop at the first)\n"
            "  -o, --output FILE   write there instead of stdout\n"
            "  -q, --quiet         no summary on stderr\n"
            "  -h, --help          this text\n\n"
            "Formats:");
    for (size_t i = 0; vg_decoders[i]; i++) {
        static const char *const fr[] = {"datagrams", "lines", "length-prefixed", "frames"};
        int k = vg_decoders[i]->framing;
        fprintf(f, " %s (%s)%s", vg_decoders[i]->name, k >= 0 && k <= 3 ? fr[k] : "?",
                vg_decoders[i + 1] ? "," : "\n");
    }
    fprintf(f, "\nMalformed units are reported on stderr as FILE: frame N: byte M: reason.\n"
               "Exit status: 0 done, 1 a malformed unit (without --keep-going) or FILE\n"
               "unreadable, 2 bad usage.\n");
}

struct ctx {
    const struct vg_decoder_ops *ops;
    void *st;
    struct vg_site site;
    const char *path;
    FILE *out;
    int want_desc, want_det, keep_going, capture;
    uint64_t frame;        /* frame (capture) or unit (raw) number of the unit being fed */
    size_t offset;         /* its byte offset in the frame or file */
    uint64_t units, dets, malformed, skipped, tcp, unwritable;
    int probe;             /* first pass: only looking for the origin (see find_origin) */
    double probe_lat, probe_lon, probe_h; /* the first position a description gave */
    int probe_found;
    FILE *ms;              /* memory stream for one detection line */
    char *msbuf;
    size_t mssize;
};

static const char *tag(const struct ctx *c) { return c->capture ? "frame" : "unit"; }

static void on_emit(void *user, const struct vg_detection *det)
{
    struct ctx *c = user;
    c->dets++;
    if (!c->want_det)
        return;
    rewind(c->ms);
    int rc = vg_jsonl_write_detection(c->ms, &c->site, det, NULL);
    fflush(c->ms);
    long n = ftell(c->ms);
    /* The line ends in "}\n": add the place it came from before the brace. */
    if (rc || n < 3 || c->msbuf[n - 2] != '}') {
        c->unwritable++;
        fprintf(stderr, "vigil decode: %s: %s %llu: a detection cannot be written: %s\n",
                c->path, tag(c), (unsigned long long)c->frame, vg_strerror(rc));
        return;
    }
    fprintf(c->out, "%.*s,\"%s\":%llu,\"offset\":%zu}\n", (int)(n - 2), c->msbuf, tag(c),
            (unsigned long long)c->frame, c->offset);
}

/* The first "lat"/"lon" pair anywhere in a description (with "alt_m"/"height" style keys
 * ignored: the origin's height is 0 unless one of "alt_geo_m", "alt_m" is there). */
static int probe_latlon(const json_t *o, double *lat, double *lon, double *h)
{
    if (json_is_object(o)) {
        const json_t *la = json_object_get(o, "lat"), *lo = json_object_get(o, "lon");
        if (json_is_number(la) && json_is_number(lo) && fabs(json_number_value(la)) <= 90.0 &&
            fabs(json_number_value(lo)) <= 180.0) {
            *lat = json_number_value(la);
            *lon = json_number_value(lo);
            const json_t *al = json_object_get(o, "alt_geo_m");
            al = json_is_number(al) ? al : json_object_get(o, "alt_m");
            *h = json_is_number(al) && fabs(json_number_value(al)) < 1e5 ? json_number_value(al)
                                                                          : 0.0;
            return 1;
        }
        const char *k;
        const json_t *v;
        json_object_foreach((json_t *)o, k, v) if (probe_latlon(v, lat, lon, h)) return 1;
    } else if (json_is_array(o)) {
        for (size_t i = 0; i < json_array_size(o); i++)
            if (probe_latlon(json_array_get(o, i), lat, lon, h))
                return 1;
    }
    return 0;
}

static void on_describe(void *user, const char *json, size_t len)
{
    struct ctx *c = user;
    if (c->probe) {
        if (c->probe_found)
            return;
        json_t *o = json_loadb(json, len, 0, NULL);
        c->probe_found = o && probe_latlon(o, &c->probe_lat, &c->probe_lon, &c->probe_h);
        json_decref(o);
        return;
    }
    if (c->want_desc)
        fprintf(c->out, "{\"%s\":%llu,\"offset\":%zu,\"describe\":%.*s}\n", tag(c),
                (unsigned long long)c->frame, c->offset, (int)len, json);
}

static void probe_emit(void *user, const struct vg_detection *det)
{
    (void)user;
    (void)det;
}

/* One unit to the decoder. 0, or -1 when the run must stop. */
static int feed(struct ctx *c, const uint8_t *buf, size_t len, size_t offset, double t_rx)
{
    struct vg_decode_io io = {c->probe ? probe_emit : on_emit,
                              c->want_desc || c->probe ? on_describe : NULL, NULL, c, t_rx};
    struct vg_diag d = {""};
    c->units++;
    c->offset = offset;
    int rc = len > c->ops->unit_max
                 ? vg_diag_set(&d, VG_EPARSE, "byte %zu: unit of %zu bytes, more than %zu",
                               c->ops->unit_max, len, c->ops->unit_max)
                 : c->ops->decode(c->st, buf, len, &io, &d);
    if (rc >= 0)
        return 0;
    c->malformed++;
    if (c->probe)
        return c->probe_found ? -1 : 0;
    fprintf(stderr, "%s: %s %llu: %s\n", c->path, tag(c), (unsigned long long)c->frame,
            d.msg[0] ? d.msg : vg_strerror(rc));
    return c->keep_going ? 0 : -1;
}

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* The units of buf by the framing; base = buf's offset in its frame or file. raw: each unit
 * gets the next unit number. 0, or -1 to stop. */
static int split(struct ctx *c, const uint8_t *buf, size_t len, size_t base, double t_rx,
                 int raw)
{
    size_t at = 0;
    switch (c->ops->framing) {
    case VG_FRAMING_LINE:
        while (at < len) {
            const uint8_t *nl = memchr(buf + at, '\n', len - at);
            size_t end = nl ? (size_t)(nl - buf) : len, n = end - at;
            if (n > 0 && buf[at + n - 1] == '\r')
                n--;
            if (raw)
                c->frame++;
            if (feed(c, buf + at, n, base + at, t_rx))
                return -1;
            at = end + 1;
        }
        return 0;
    case VG_FRAMING_LEN32LE:
        while (at < len) {
            if (raw)
                c->frame++;
            if (len - at < 4 || le32(buf + at) > len - at - 4) {
                c->units++;
                c->malformed++;
                fprintf(stderr, "%s: %s %llu: byte %zu: length prefix %s, %zu bytes left\n",
                        c->path, tag(c), (unsigned long long)c->frame, base + at,
                        len - at < 4 ? "truncated" : "past the end", len - at);
                return c->keep_going ? 0 : -1; /* no way to find the next prefix */
            }
            size_t n = le32(buf + at);
            if (feed(c, buf + at + 4, n, base + at + 4, t_rx))
                return -1;
            at += 4 + n;
        }
        return 0;
    default:
        if (raw)
            c->frame++;
        return feed(c, buf, len, base, t_rx);
    }
}

static int is_capture(const uint8_t *m, size_t n)
{
    static const uint8_t magic[][4] = {
        {0xa1, 0xb2, 0xc3, 0xd4}, {0xd4, 0xc3, 0xb2, 0xa1}, /* pcap, µs */
        {0xa1, 0xb2, 0x3c, 0x4d}, {0x4d, 0x3c, 0xb2, 0xa1}, /* pcap, ns */
        {0x0a, 0x0d, 0x0d, 0x0a},                           /* pcapng section header */
    };
    for (size_t i = 0; n >= 4 && i < sizeof magic / sizeof magic[0]; i++)
        if (!memcmp(m, magic[i], 4))
            return 1;
    return 0;
}

static int open_decoder(struct ctx *c, const char *sensor, int linktype)
{
    struct vg_decoder_options o = {.sensor = sensor, .name = c->path, .linktype = linktype};
    struct vg_diag d = {""};
    if (c->ops->open(&c->st, &c->site, &o, &d)) {
        fprintf(stderr, "vigil decode: %s\n", d.msg);
        return -1;
    }
    return 0;
}

/* A capture: 0 done, 1 failed. */
static int run_capture(struct ctx *c, const char *sensor, long port)
{
    struct vg_capture *cap;
    struct vg_diag d = {""};
    if (vg_capture_open(&cap, c->path, &d)) {
        fprintf(stderr, "vigil decode: %s\n", d.msg);
        return 1;
    }
    int rc, stop = 0, opened = 0;
    struct vg_frame f;
    while (!stop && (rc = vg_capture_next(cap, &f, &d)) == 1) {
        c->frame = f.number;
        if (!opened) {
            /* FRAME formats take the capture's link type, known from its first frame. */
            if (open_decoder(c, sensor, f.linktype)) {
                vg_capture_close(cap);
                return 1;
            }
            opened = 1;
        }
        if (c->ops->framing == VG_FRAMING_FRAME) {
            stop = feed(c, f.data, f.len, 0, f.t) != 0;
            continue;
        }
        struct vg_udp u;
        int ur = vg_capture_udp(&f, &u, &d);
        if (ur == VG_EUNSUPPORTED) {
            c->skipped++;
            c->tcp += strstr(d.msg, "IP protocol 6 ") != NULL;
            continue;
        }
        if (ur < 0) {
            c->malformed++;
            fprintf(stderr, "%s: %s\n", c->path, d.msg);
            stop = !c->keep_going;
            continue;
        }
        if (port >= 0 && u.src_port != port && u.dst_port != port) {
            c->skipped++;
            continue;
        }
        stop = split(c, u.payload, u.len, u.offset, f.t, 0) != 0;
    }
    if (!stop && rc < 0) {
        fprintf(stderr, "vigil decode: %s\n", d.msg);
        stop = 1;
    }
    vg_capture_close(cap);
    if (!opened && open_decoder(c, sensor, 0))
        return 1;
    if (c->tcp && c->ops->framing != VG_FRAMING_FRAME)
        fprintf(stderr, "vigil decode: %s: %llu TCP segments not decoded: reassembling TCP "
                "streams from a capture is not supported; save the stream as a raw file "
                "(Wireshark: Follow TCP Stream, Show as Raw, Save as) and decode that\n",
                c->path, (unsigned long long)c->tcp);
    return stop || (c->tcp && c->units == 0);
}

/* A raw file, read whole (stdin for "-"). 0 done, 1 failed. */
static int run_raw(struct ctx *c, const char *sensor, uint8_t *buf, size_t len, double t_rx)
{
    if (open_decoder(c, sensor, 0))
        return 1;
    c->frame = 0;
    return split(c, buf, len, 0, t_rx, 1) != 0;
}

/* Without a site or --origin, positions in WGS-84 (ADS-B, Remote ID, SAPIENT, Cat 015) need
 * a local frame near them: a first, silent pass finds the first position any unit's
 * description gives, and the site's origin is put there (said on stderr). 0, or -1 on a
 * failure already reported. */
static int find_origin(struct ctx *c, const char *sensor, long port, uint8_t *raw, size_t len,
                       double t_rx)
{
    struct ctx p = *c;
    p.probe = 1;
    p.keep_going = 1;
    p.st = NULL;
    vg_site_init(&p.site);
    p.site.frame = c->site.frame;
    int rc = raw ? run_raw(&p, sensor, raw, len, t_rx) : run_capture(&p, sensor, port);
    if (p.st)
        p.ops->close(p.st);
    vg_site_fini(&p.site);
    (void)rc; /* failures show again, reported, in the real pass */
    if (p.probe_found) {
        vg_enu_frame_init(&c->site.frame, p.probe_lat, p.probe_lon, p.probe_h);
        fprintf(stderr, "vigil decode: no --site: local frame origin at the first position "
                "reported, %.6f, %.6f, %.1f m (--origin to choose)\n", p.probe_lat, p.probe_lon,
                p.probe_h);
    }
    return 0;
}

/* Read all of f into *buf (malloc'd); 0 or -1. */
static int slurp(FILE *f, uint8_t **buf, size_t *len)
{
    size_t cap = 1 << 16, n = 0;
    uint8_t *b = malloc(cap);
    while (b) {
        n += fread(b + n, 1, cap - n, f);
        if (n < cap)
            break;
        if (cap >= RAW_MAX) {
            free(b);
            return -1;
        }
        uint8_t *nb = realloc(b, cap * 2);
        if (!nb)
            free(b);
        b = nb;
        cap *= 2;
    }
    if (!b || ferror(f)) {
        free(b);
        return -1;
    }
    *buf = b;
    *len = n;
    return 0;
}

static const char *skipped_text(uint64_t n)
{
    static char b[64];
    snprintf(b, sizeof b, "%llu frames skipped (not UDP, or another port)",
             (unsigned long long)n);
    return b;
}

enum { OPT_SENSOR = 1000, OPT_DESCRIBE, OPT_DETECTIONS, OPT_PORT, OPT_TIME, OPT_ORIGIN };

int vg_cmd_decode(int argc, char **argv)
{
    static const struct option lo[] = {
        {"site", required_argument, NULL, 's'},
        {"origin", required_argument, NULL, OPT_ORIGIN},
        {"sensor", required_argument, NULL, OPT_SENSOR},
        {"describe", no_argument, NULL, OPT_DESCRIBE},
        {"detections", no_argument, NULL, OPT_DETECTIONS},
        {"port", required_argument, NULL, OPT_PORT},
        {"time", required_argument, NULL, OPT_TIME},
        {"keep-going", no_argument, NULL, 'k'},
        {"output", required_argument, NULL, 'o'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *site_path = NULL, *sensor = NULL, *out_path = NULL;
    int only_desc = 0, only_det = 0, quiet = 0, keep_going = 0, opt;
    long port = -1;
    double t_opt = NAN, origin[3] = {0.0, 0.0, 0.0};
    int have_origin = 0;
    char *end;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "s:ko:qh", lo, NULL)) != -1) {
        switch (opt) {
        case 's': site_path = optarg; break;
        case OPT_ORIGIN: {
            int nf = sscanf(optarg, "%lf,%lf,%lf", &origin[0], &origin[1], &origin[2]);
            if (nf < 2 || !(fabs(origin[0]) <= 90.0) || !(fabs(origin[1]) <= 180.0) ||
                !(fabs(origin[2]) < 1e5)) {
                fprintf(stderr, "vigil decode: --origin: '%s' is not LAT,LON[,H] (degrees, m)\n",
                        optarg);
                return 2;
            }
            if (nf == 2)
                origin[2] = 0.0;
            have_origin = 1;
            break;
        }
        case OPT_SENSOR: sensor = optarg; break;
        case OPT_DESCRIBE: only_desc = 1; break;
        case OPT_DETECTIONS: only_det = 1; break;
        case OPT_PORT:
            port = strtol(optarg, &end, 10);
            if (end == optarg || *end || port < 0 || port > 65535) {
                fprintf(stderr, "vigil decode: --port: '%s' is not a port (0-65535)\n", optarg);
                return 2;
            }
            break;
        case OPT_TIME:
            t_opt = strtod(optarg, &end);
            if (end == optarg || *end || !isfinite(t_opt) || t_opt < 0) {
                fprintf(stderr, "vigil decode: --time: '%s' is not UNIX seconds\n", optarg);
                return 2;
            }
            break;
        case 'k': keep_going = 1; break;
        case 'o': out_path = optarg; break;
        case 'q': quiet = 1; break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (argc - optind != 2 || (only_desc && only_det)) {
        usage(stderr);
        return 2;
    }
    struct ctx c;
    memset(&c, 0, sizeof c);
    c.ops = vg_decoder_find(argv[optind]);
    if (!c.ops) {
        fprintf(stderr, "vigil decode: unknown format '%s' (see vigil decode --help)\n",
                argv[optind]);
        return 2;
    }
    c.path = argv[optind + 1];
    c.want_desc = !only_det;
    c.want_det = !only_desc;
    c.keep_going = keep_going;
    vg_site_init(&c.site);
    struct vg_diag d = {""};
    int status = 1;
    FILE *in = NULL;
    uint8_t *raw = NULL;
    if (site_path && vg_site_load(&c.site, site_path, &d)) {
        fprintf(stderr, "vigil decode: %s\n", d.msg);
        goto done;
    }
    if (site_path && have_origin) {
        fprintf(stderr, "vigil decode: --origin and --site: the site has its origin\n");
        status = 2;
        goto done;
    }
    if (have_origin)
        vg_enu_frame_init(&c.site.frame, origin[0], origin[1], origin[2]);
    c.ms = open_memstream(&c.msbuf, &c.mssize);
    c.out = out_path ? fopen(out_path, "w") : stdout;
    if (!c.ms || !c.out) {
        fprintf(stderr, "vigil decode: cannot open %s for writing\n", out_path ? out_path : "");
        goto done;
    }
    uint8_t magic[4];
    size_t nm = 0;
    if (strcmp(c.path, "-")) {
        if (!(in = fopen(c.path, "rb"))) {
            fprintf(stderr, "vigil decode: %s: cannot open\n", c.path);
            goto done;
        }
        nm = fread(magic, 1, 4, in);
    }
    c.capture = is_capture(magic, nm);
    if (c.capture) {
        fclose(in);
        in = NULL;
        if (!site_path && !have_origin && find_origin(&c, sensor, port, NULL, 0, 0.0))
            goto done;
        status = run_capture(&c, sensor, port);
    } else {
        size_t len = 0;
        double t_rx = t_opt;
        struct stat sb;
        if (in && fseek(in, 0, SEEK_SET) == 0 && isnan(t_rx) && !fstat(fileno(in), &sb))
            t_rx = (double)sb.st_mtim.tv_sec + sb.st_mtim.tv_nsec * 1e-9;
        if (isnan(t_rx))
            t_rx = (double)time(NULL);
        if (slurp(in ? in : stdin, &raw, &len)) {
            fprintf(stderr, "vigil decode: %s: cannot read (or larger than 1 GiB)\n", c.path);
            goto done;
        }
        if (!site_path && !have_origin && find_origin(&c, sensor, port, raw, len, t_rx))
            goto done;
        status = run_raw(&c, sensor, raw, len, t_rx);
    }
    if (fflush(c.out) || ferror(c.out)) {
        fprintf(stderr, "vigil decode: write error\n");
        status = 1;
    }
    if (!quiet)
        fprintf(stderr, "vigil decode: %s: %llu units, %llu detections, %llu malformed%s%s%s\n",
                c.path, (unsigned long long)c.units, (unsigned long long)c.dets,
                (unsigned long long)c.malformed, c.capture ? ", " : "",
                c.capture ? skipped_text(c.skipped) : "",
                status && c.malformed && !keep_going ? "; stopped at the first malformed "
                                                       "unit (--keep-going to go on)" : "");
done:
    if (c.st)
        c.ops->close(c.st);
    if (in)
        fclose(in);
    free(raw);
    if (c.ms)
        fclose(c.ms);
    free(c.msbuf);
    if (c.out && c.out != stdout)
        fclose(c.out);
    vg_site_fini(&c.site);
    return status;
}
