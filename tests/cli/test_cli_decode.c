/* SPDX-License-Identifier: MIT */
/* test_cli_decode.c — `vigil decode` end to end: the real ASTERIX capture against tshark's
 * decode (expected.jsonl and expected_counts.json), its detections read back by the
 * formats.md reader, raw files cut by framing, malformed units (message, exit status,
 * --keep-going), and TCP in a capture refused clearly. Runs $VIGIL_BIN. */
#define _DEFAULT_SOURCE 1
#include "test.h"

#include <jansson.h>
#include <pcap/pcap.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sense/asterix_expected.h"
#include "sense/jsonl.h"

static char tmpdir[256];

/* Run `vigil ARGS` with stdout to OUT (may be NULL: discarded) and stderr to ERR (static
 * text); returns the exit status or -1 for a crash. */
static int vigil(const char *args, const char *out, const char **err)
{
    static char buf[65536];
    char cmd[4096], errp[512];
    const char *bin = getenv("VIGIL_BIN");
    snprintf(errp, sizeof errp, "%s/stderr", tmpdir);
    snprintf(cmd, sizeof cmd, "%s %s >%s 2>%s", bin ? bin : "./build/vigil", args,
             out ? out : "/dev/null", errp);
    int st = system(cmd);
    FILE *f = fopen(errp, "r");
    size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
    buf[n] = '\0';
    if (f)
        fclose(f);
    if (err)
        *err = buf;
    if (st == -1 || !WIFEXITED(st))
        return -1;
    return WEXITSTATUS(st);
}

static void write_bytes(const char *path, const void *b, size_t n)
{
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (f) {
        fwrite(b, 1, n, f);
        fclose(f);
    }
}

/* The capture's seven radars (SAC 25) as a site file. */
static void write_site(const char *path)
{
    static const int sics[] = {11, 12, 13, 14, 201, 204, 205};
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (!f)
        return;
    fprintf(f, "{\"type\":\"FeatureCollection\",\"origin\":[16.0,45.8,120],\"features\":[\n");
    for (int i = 0; i < 7; i++)
        fprintf(f, "%s{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":"
                   "[16.0,%.3f,300]},\"properties\":{\"kind\":\"sensor\",\"id\":\"25/%d\","
                   "\"type\":\"radar\"}}\n", i ? "," : "", 45.8 + 0.1 * i, sics[i]);
    fprintf(f, "]}\n");
    fclose(f);
}

static void help(void)
{
    const char *err;
    char out[512];
    snprintf(out, sizeof out, "%s/help", tmpdir);
    CHECK_INT(vigil("decode --help", out, &err), 0);
    FILE *f = fopen(out, "r");
    char buf[4096] = "";
    if (f) {
        size_t n = fread(buf, 1, sizeof buf - 1, f);
        buf[n] = '\0';
        fclose(f);
    }
    CHECK(strstr(buf, "usage: vigil decode") != NULL);
    CHECK(strstr(buf, "asterix") != NULL);
    CHECK_INT(vigil("decode nosuchformat x", NULL, &err), 2);
    CHECK(strstr(err, "unknown format") != NULL);
    CHECK_INT(vigil("decode asterix", NULL, NULL), 2);
    CHECK_INT(vigil("decode asterix /nonexistent/file", NULL, &err), 1);
    CHECK(strstr(err, "/nonexistent/file") != NULL);
}

/* Every description line of the capture vs tshark's decode; counts vs expected_counts. */
static void capture_describe_matches_tshark(void)
{
    char args[1024], out[512];
    const char *err;
    snprintf(out, sizeof out, "%s/describe.jsonl", tmpdir);
    snprintf(args, sizeof args, "decode asterix %s --describe",
             test_shared("testdata/asterix/cat_034_048.pcap"));
    CHECK_INT(vigil(args, out, &err), 0);
    CHECK(strstr(err, "100 units") != NULL && strstr(err, "0 malformed") != NULL);
    json_error_t e;
    json_t *counts = json_load_file(test_shared("testdata/asterix/expected_counts.json"), 0, &e);
    CHECK(counts != NULL);
    struct ax_expected x;
    CHECK_INT(ax_expected_load(&x), 0);
    FILE *f = fopen(out, "r");
    CHECK(f != NULL);
    static char line[1 << 16];
    int lines = 0, blocks[2] = {0, 0}, recs[2] = {0, 0};
    while (f && fgets(line, sizeof line, f)) {
        json_t *o = json_loads(line, 0, &e);
        CHECK(o != NULL);
        if (!o)
            continue;
        lines++;
        int frame = ax_int(o, "frame");
        CHECK_INT(ax_int(o, "offset"), 42); /* Ethernet + IPv4 + UDP in every frame here */
        json_t *bl = json_object_get(json_object_get(o, "describe"), "blocks");
        for (size_t b = 0; b < json_array_size(bl); b++) {
            json_t *blk = json_array_get(bl, b), *rs = json_object_get(blk, "records");
            int cat = ax_int(blk, "cat"), k = cat == 48 ? 0 : 1;
            blocks[k]++;
            recs[k] += (int)json_array_size(rs);
            for (size_t r = 0; cat == 48 && r < json_array_size(rs); r++)
                ax_expected_check(&x, frame, (int)b + 1, (int)r + 1, json_array_get(rs, r));
        }
        json_decref(o);
    }
    if (f)
        fclose(f);
    json_t *bpc = json_object_get(counts, "data_blocks_per_category");
    json_t *rpc = json_object_get(counts, "records_per_category");
    CHECK_INT(lines, json_integer_value(json_object_get(counts, "packets")));
    CHECK_INT(blocks[0], json_integer_value(json_object_get(bpc, "48")));
    CHECK_INT(blocks[1], json_integer_value(json_object_get(bpc, "34")));
    CHECK_INT(recs[0], json_integer_value(json_object_get(rpc, "48")));
    CHECK_INT(recs[1], json_integer_value(json_object_get(rpc, "34")));
    for (int i = 0; i < x.n; i++)
        CHECK_INT(x.matched[i], 1);
    ax_expected_free(&x);
    json_decref(counts);
}

/* With the radars declared: one detection per plot (126: the README's 128 records less the
 * 2 TYP 0 ones) plus the scans; every line is a valid formats.md detection. */
static void capture_detections_read_back(void)
{
    char args[1024], out[512], site_path[512];
    const char *err;
    snprintf(site_path, sizeof site_path, "%s/site.geojson", tmpdir);
    write_site(site_path);
    snprintf(out, sizeof out, "%s/dets.jsonl", tmpdir);
    snprintf(args, sizeof args, "decode asterix %s --detections --site %s",
             test_shared("testdata/asterix/cat_034_048.pcap"), site_path);
    CHECK_INT(vigil(args, out, &err), 0);
    struct vg_site site;
    vg_site_init(&site);
    struct vg_diag d;
    CHECK_INT(vg_site_load(&site, site_path, &d), 0);
    FILE *f = fopen(out, "r");
    CHECK(f != NULL);
    char line[4096];
    int polar = 0, scan = 0, tagged = 0;
    while (f && fgets(line, sizeof line, f)) {
        struct vg_detection det;
        int rc = vg_jsonl_parse_detection(line, strlen(line), &site, 0, &det, &d);
        CHECK_INT(rc, 1);
        if (rc != 1)
            fprintf(stderr, "  %s  %s\n", line, d.msg);
        polar += det.kind == VG_DET_POLAR;
        scan += det.kind == VG_DET_SCAN;
        tagged += strstr(line, "\"frame\":") && strstr(line, "\"offset\":42}");
        /* 2016-05-05 07:35:5x UTC, from the ToD and the capture's date */
        CHECK(det.t > 1462433750.0 && det.t < 1462433760.0);
    }
    if (f)
        fclose(f);
    CHECK_INT(polar, 126);
    CHECK_INT(scan, 8); /* sector markers: see tests/sense/test_asterix.c */
    CHECK_INT(tagged, polar + scan);
    vg_site_fini(&site);

    /* --sensor: all of it from one declared sensor. */
    snprintf(args, sizeof args, "decode asterix %s --detections --site %s --sensor 25/11",
             test_shared("testdata/asterix/cat_034_048.pcap"), site_path);
    CHECK_INT(vigil(args, out, &err), 0);
    f = fopen(out, "r");
    int n = 0, all11 = 1;
    while (f && fgets(line, sizeof line, f)) {
        n++;
        all11 &= strstr(line, "\"sensor\":\"25/11\"") != NULL;
    }
    if (f)
        fclose(f);
    CHECK(n >= 126);
    CHECK(all11);
    snprintf(args, sizeof args, "decode asterix %s --site %s --sensor nope",
             test_shared("testdata/asterix/cat_034_048.pcap"), site_path);
    CHECK_INT(vigil(args, NULL, &err), 1);
    CHECK(strstr(err, "nope") != NULL);
}

/* Raw files: one datagram; a malformed one stops with FILE: unit N: byte M: reason, or is
 * counted with --keep-going; a raw line file through the jsonl format. */
static void raw_files(void)
{
    static const uint8_t good[] = {0x30, 0x00, 0x0E, 0xF0, 7, 9, 0, 0, 0x80, 0x20,
                                   0x01, 0x00, 0x40, 0x00};
    char path[512], args[1024], out[512];
    const char *err;
    snprintf(path, sizeof path, "%s/one.ast", tmpdir);
    snprintf(out, sizeof out, "%s/one.jsonl", tmpdir);
    write_bytes(path, good, sizeof good);
    snprintf(args, sizeof args, "decode asterix %s --time 1700000000", path);
    CHECK_INT(vigil(args, out, &err), 0);
    FILE *f = fopen(out, "r");
    char line[4096] = "";
    CHECK(f && fgets(line, sizeof line, f));
    if (f)
        fclose(f);
    CHECK(strstr(line, "{\"unit\":1,\"offset\":0,\"describe\":") == line);
    CHECK(strstr(line, "\"sensor\":\"7/9\"") != NULL);
    CHECK(strstr(line, "\"detection\":false") != NULL); /* no site: no position */

    snprintf(path, sizeof path, "%s/bad.ast", tmpdir);
    write_bytes(path, good, sizeof good - 1);
    snprintf(args, sizeof args, "decode asterix %s", path);
    CHECK_INT(vigil(args, NULL, &err), 1);
    char want[600];
    snprintf(want, sizeof want, "%s: unit 1: byte 1: ", path);
    CHECK(strstr(err, want) != NULL);
    snprintf(args, sizeof args, "decode asterix %s --keep-going", path);
    CHECK_INT(vigil(args, NULL, &err), 0);
    CHECK(strstr(err, "1 malformed") != NULL);

    /* jsonl: lines; the second is malformed. */
    snprintf(path, sizeof path, "%s/d.jsonl", tmpdir);
    const char *txt = "{\"t\":1.0,\"sensor\":\"s\",\"kind\":\"xyz\",\"pos\":[1,2,3],"
                      "\"sigma\":[1,1,1]}\n{\"t\":oops}\n{\"t\":2.0,\"sensor\":\"s\","
                      "\"kind\":\"xyz\",\"pos\":[1,2,3],\"sigma\":[1,1,1]}\n";
    write_bytes(path, txt, strlen(txt));
    snprintf(args, sizeof args, "decode jsonl %s --detections --keep-going", path);
    CHECK_INT(vigil(args, out, &err), 0);
    snprintf(want, sizeof want, "%s: unit 2: ", path);
    CHECK(strstr(err, want) != NULL);
    f = fopen(out, "r");
    int n = 0;
    while (f && fgets(line, sizeof line, f))
        n += strstr(line, "\"kind\":\"xyz\"") != NULL && strstr(line, "\"unit\":") != NULL;
    if (f)
        fclose(f);
    CHECK_INT(n, 2);
}

/* A line format over TCP in a capture: refused with a message that says what to do. */
static void tcp_in_capture(void)
{
    char path[512], args[1024];
    const char *err;
    snprintf(path, sizeof path, "%s/tcp.pcap", tmpdir);
    pcap_t *p = pcap_open_dead(DLT_RAW, 65535);
    pcap_dumper_t *dm = p ? pcap_dump_open(p, path) : NULL;
    CHECK(dm != NULL);
    if (!dm)
        return;
    uint8_t pkt[60] = {0x45, 0, 0, 60, 0, 1, 0, 0, 64, 6, 0, 0, 127, 0, 0, 1, 127, 0, 0, 1};
    pkt[32] = 0x50; /* TCP data offset 5 */
    memcpy(pkt + 40, "{\"t\":1}\n", 8);
    struct pcap_pkthdr h;
    memset(&h, 0, sizeof h);
    h.caplen = h.len = sizeof pkt;
    pcap_dump((u_char *)dm, &h, pkt);
    pcap_dump_close(dm);
    pcap_close(p);
    snprintf(args, sizeof args, "decode jsonl %s", path);
    CHECK_INT(vigil(args, NULL, &err), 1);
    CHECK(strstr(err, "TCP") != NULL && strstr(err, "not supported") != NULL);
}

/* Every decoder through the one command: SBS text and Remote ID frames give their
 * detections with no site (the frame's origin put at the first position reported), in
 * formats.md's form, whose lat/lon read back to the reference values. */
static void other_formats_without_site(void)
{
    char args[1024], out[512], line[4096];
    const char *err;
    snprintf(out, sizeof out, "%s/sbs.jsonl", tmpdir);
    snprintf(args, sizeof args, "decode sbs %s --detections",
             test_shared("testdata/adsb/expected.sbs"));
    CHECK_INT(vigil(args, out, &err), 0);
    CHECK(strstr(err, "origin at the first position") != NULL);
    CHECK(strstr(err, "317 units, 75 detections, 0 malformed") != NULL);
    FILE *f = fopen(out, "r");
    int n = 0;
    double lat = NAN, lon = NAN;
    while (f && fgets(line, sizeof line, f)) {
        const char *a = strstr(line, "\"lat\":"), *b = strstr(line, "\"lon\":");
        CHECK(strstr(line, "\"kind\":\"adsb\"") && strstr(line, "\"icao\":\"4d2023\"") && a && b);
        if (a && b && n == 0) {
            lat = atof(a + 6);
            lon = atof(b + 6);
        }
        n++;
    }
    if (f)
        fclose(f);
    CHECK_INT(n, 75);
    CHECK_NEAR(lat, 37.10156, 1e-5); /* expected.json: the first position */
    CHECK_NEAR(lon, 13.78474, 1e-5);

    snprintf(out, sizeof out, "%s/rid.jsonl", tmpdir);
    snprintf(args, sizeof args, "decode remoteid %s --detections --origin 45.5,-122.9",
             test_shared("testdata/remoteid/odid_wifi_bcn_sample.pcap"));
    CHECK_INT(vigil(args, out, &err), 0);
    CHECK(strstr(err, "21 units, 21 detections, 0 malformed") != NULL);
    CHECK(strstr(err, "origin at the first") == NULL);
    f = fopen(out, "r");
    n = 0;
    while (f && fgets(line, sizeof line, f))
        n += strstr(line, "\"uas_id\":\"MFG1A0123456789\"") != NULL;
    if (f)
        fclose(f);
    CHECK_INT(n, 21);
    snprintf(args, sizeof args, "decode sbs %s --origin 91,0",
             test_shared("testdata/adsb/expected.sbs"));
    CHECK_INT(vigil(args, NULL, &err), 2);
    CHECK(strstr(err, "--origin") != NULL);
}

int main(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/vigil-decode-XXXXXX");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    RUN(help);
    RUN(capture_describe_matches_tshark);
    RUN(capture_detections_read_back);
    RUN(raw_files);
    RUN(tcp_in_capture);
    RUN(other_formats_without_site);
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "  could not remove %s\n", tmpdir);
    return test_report();
}
