/* SPDX-License-Identifier: MIT */
/* test_asterix015.c — Cat 015 (INCS target reports): records written byte by byte from the
 * edition 1.1 layouts are read by Vigil and by tshark 4.0.17 (the independent peer), which
 * must agree on every value; the detections each kind of report gives; every truncation. */
#define _DEFAULT_SOURCE 1
#include "test.h"

#include <unistd.h>

#include "sense/asterix.h"
#include "sense/decoder.h"
#include "tshark.h"

#define D2R (3.14159265358979323846 / 180.0)

extern const struct vg_decoder_ops vg_decoder_asterix;

static uint8_t blk[256];
static size_t blen;

static void b8(unsigned v) { blk[blen++] = (uint8_t)v; }
static void b16(long v) { b8((unsigned)((unsigned long)v >> 8) & 0xff); b8((unsigned)v & 0xff); }
static void b24(long v) { b8((unsigned)((unsigned long)v >> 16) & 0xff); b16(v); }
static void b32(long v) { b16((long)((unsigned long)v >> 16) & 0xffff); b16(v); }

#define TOD 45000.5
#define LAT 47.123456
#define LON 8.654321

/* One Cat 015 data block with four records (FSPEC octets written out per the UAP). */
static void build_block(void)
{
    blen = 0;
    b8(15);
    b16(0); /* LEN, set below */
    /* 1: mono-static radar plot. FRN 1 2 4 6 7 | 8 11 | 20 21 | 22 23 24. */
    b8(0xD7); b8(0x91); b8(0x07); b8(0xE0);
    b8(7); b8(11);                       /* 010 SAC 7 SIC 11 */
    b8(1 << 1);                          /* 000 MT 1 measurement plot, RG 0 */
    b8(0x0C);                            /* 020 MOMU 0, TTAX 0, SCD 3 */
    b24((long)(TOD * 128));              /* 145 */
    b16(300);                            /* 161 */
    b8(0x02);                            /* 170 CNF = 1 (tentative) */
    b8(2); b16(5 << 7 | 80); b16(300 << 7 | 15); /* 300 two classes */
    b8(0xB4);                            /* 625: R, SDR, RR, SDRR */
    b24(12345); b24(75); b24(-123); b24(5); b8(0);
    b8(0x80); b24(-1234);                /* 626 DV -12.34 m/s */
    b8(0xA4); b16(22528); b16(728);      /* 627 AZ 123.75°, SDASZ 728 × 45/2^16, */
    b16(22000); b16(23000);              /*     AZEX (skipped) */
    b8(0xA0); b16(2002); b16(1456);      /* 628 EL 2002 × 180/2^16, SDEL */
    b8(0x10); b8(18);                    /* 630 RPS 18 dB */
    /* 2: passive sensor, azimuth only. FRN 1 2 6 | - | - | 22. */
    b8(0xC5); b8(0x01); b8(0x01); b8(0x80);
    b8(7); b8(12); b8(3 << 1); b24((long)(TOD * 128));
    b8(0x80); b16(49152);                /* 627 AZ 270° */
    /* 3: WGS-84 track. FRN 1 2 6 | 13 14 | 15 17. */
    b8(0xC5); b8(0x07); b8(0xA0);
    b8(7); b8(13); b8(4 << 1); b24((long)(TOD * 128));
    b8(0xE0); b32(lround(LAT * 2147483648.0 / 180)); b32(lround(LON * 2147483648.0 / 180));
    b16(10); b16(12); b8(0x40);          /* 600 P84, HPR (skipped), */
    b16(13); b16(18); b8(0);             /*     HPP 3.25 m 4.5 m */
    b8(0xA1); b8(0x80);                  /* 601: two-octet primary subfield */
    b24(52345); b24(678); b8(0x10); b8(0x20); /* GH 523.45 m, SDGH 6.78 m, COGHHA */
    uint64_t hv = ((uint64_t)(1234 & 0xfffff) << 20) | (uint64_t)(-567 & 0xfffff);
    b8(0x80);
    for (int i = 4; i >= 0; i--)
        b8((unsigned)(hv >> (8 * i)) & 0xff); /* 602 HV 12.34, -5.67 m/s */
    b8(0x80); b24(-150);                 /* 604 VV -1.5 m/s */
    /* 4: track end. FRN 1 2 7. */
    b8(0xC2); b8(7); b8(11); b8(5 << 1); b16(300);
    blk[1] = (uint8_t)(blen >> 8);
    blk[2] = (uint8_t)blen;
}

struct sink {
    struct vg_detection det[8];
    int n;
};

static void on_det(void *u, const struct vg_detection *d)
{
    struct sink *s = u;
    if (s->n < 8)
        s->det[s->n++] = *d;
}

static void site_with_sensors(struct vg_site *site)
{
    vg_site_init(site);
    vg_enu_frame_init(&site->frame, 47.1, 8.6, 400);
    static const char *ids[] = {"7/11", "7/12", "7/13"};
    for (int i = 0; i < 3; i++) {
        struct vg_sensor s = {.type = VG_SENSOR_RADAR, .declared = 1};
        snprintf(s.id, sizeof s.id, "%s", ids[i]);
        vg_site_add_sensor(site, &s);
    }
}

static void records_and_detections(void)
{
    build_block();
    size_t pos = 3, next;
    struct vg_asterix015 r;
    struct vg_diag d;
    CHECK_INT(vg_asterix015_decode(blk, pos, blen, &r, &next, &d), 0);
    CHECK_INT(r.sac, 7);
    CHECK_INT(r.sic, 11);
    CHECK_INT(r.mt, 1);
    CHECK_NEAR(r.tod_s, TOD, 0);
    CHECK_INT(r.track, 300);
    CHECK_INT(r.cnf, 1);
    CHECK_INT(r.ncls, 2);
    CHECK_INT(r.cls[1], 300);
    CHECK_INT(r.prb[1], 15);
    CHECK_NEAR(r.range_m, 1234.5, 1e-9);
    CHECK_NEAR(r.rr_ms, -12.3, 1e-9);
    CHECK_NEAR(r.dv_ms, -12.34, 1e-9);
    CHECK_NEAR(r.az_deg, 123.75, 0);
    CHECK_NEAR(r.el_deg, 2002 * 180.0 / 65536, 0);
    CHECK_INT(r.rps_db, 18);
    pos = next;
    CHECK_INT(vg_asterix015_decode(blk, pos, blen, &r, &next, &d), 0);
    CHECK_NEAR(r.az_deg, 270, 0);
    pos = next;
    CHECK_INT(vg_asterix015_decode(blk, pos, blen, &r, &next, &d), 0);
    CHECK_NEAR(r.lat_deg, LAT, 1e-7);
    CHECK_NEAR(r.lon_deg, LON, 1e-7);
    CHECK_NEAR(r.gh_m, 523.45, 1e-9);
    CHECK_NEAR(r.vx_ms, 12.34, 1e-9);
    CHECK_NEAR(r.vy_ms, -5.67, 1e-9);
    CHECK_NEAR(r.vv_ms, -1.5, 1e-9);
    pos = next;
    CHECK_INT(vg_asterix015_decode(blk, pos, blen, &r, &next, &d), 0);
    CHECK_INT(r.mt, 5);
    CHECK_INT(next, blen);

    /* Through the decoder: polar (with el and rr), bearing, xyz; no detection at track end. */
    struct vg_site site;
    site_with_sensors(&site);
    void *st;
    CHECK_INT(vg_decoder_asterix.open(&st, &site, NULL, &d), 0);
    struct sink s = {.n = 0};
    struct vg_decode_io io = {on_det, NULL, NULL, &s, 86400.0 * 19000 + TOD + 0.2};
    CHECK_INT(vg_decoder_asterix.decode(st, blk, blen, &io, &d), 3);
    CHECK_INT(s.det[0].kind, VG_DET_POLAR);
    CHECK_INT(s.det[0].nz, 4);
    CHECK(s.det[0].flags & VG_DET_HAS_EL && s.det[0].flags & VG_DET_HAS_RR);
    CHECK_NEAR(s.det[0].z[0], 1234.5, 1e-9);
    CHECK_NEAR(s.det[0].z[1], 123.75 * D2R, 1e-12);
    CHECK_NEAR(s.det[0].z[3], -12.3, 1e-9);
    CHECK_NEAR(s.det[0].R[0], 7.5 * 7.5, 1e-9);
    CHECK_NEAR(s.det[0].t, 86400.0 * 19000 + TOD, 1e-6);
    CHECK_NEAR(s.det[0].snr_db, 18, 0);
    CHECK_INT(s.det[1].kind, VG_DET_BEARING);
    CHECK_INT(s.det[1].nz, 1);
    CHECK_NEAR(s.det[1].z[0], 270 * D2R, 1e-12);
    CHECK_INT(s.det[2].kind, VG_DET_XYZ);
    double lat, lon, h;
    vg_enu_to_geo(&site.frame, s.det[2].z, &lat, &lon, &h);
    CHECK_NEAR(lat, LAT, 1e-7);
    CHECK_NEAR(lon, LON, 1e-7);
    CHECK_NEAR(h, 523.45, 1e-6);
    CHECK_NEAR(s.det[2].R[0], 3.25 * 3.25, 1e-9);
    CHECK_NEAR(s.det[2].R[8], 6.78 * 6.78, 1e-9);
    vg_decoder_asterix.close(st);
    vg_site_fini(&site);

    /* Every truncation: an error (never a crash), except at the block's end. */
    vg_site_init(&site);
    CHECK_INT(vg_decoder_asterix.open(&st, &site, NULL, &d), 0);
    int bad = 0;
    for (size_t n = 0; n < blen; n++) {
        uint8_t *cut = malloc(n ? n : 1);
        memcpy(cut, blk, n);
        s.n = 0;
        bad += vg_decoder_asterix.decode(st, cut, n, &io, &d) >= 0;
        free(cut);
    }
    CHECK_INT(bad, 0);
    vg_decoder_asterix.close(st);
    vg_site_fini(&site);
}

static void tshark_agrees(void)
{
    if (!tshark_available()) {
        fprintf(stderr, "  tshark is not installed: it is the independent peer of this test "
                        "(Debian: apt-get install tshark)\n");
        CHECK(!"tshark available");
        return;
    }
    build_block();
    const uint8_t *pl[1] = {blk};
    size_t len[1] = {blen};
    char path[] = "/tmp/vigil-015-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    close(fd);
    CHECK_INT(tshark_write_pcap(path, pl, len, 1, 8600), 0);
    struct tshark_out o;
    CHECK_INT(tshark_read(path, "udp.port==8600,asterix", "asterix.message", &o), 0);
    unlink(path);
    CHECK_INT(o.problems, 0);
    CHECK_INT(o.n, 4);
    if (o.n != 4) {
        tshark_free(&o);
        return;
    }
    struct vg_asterix015 r[4];
    struct vg_diag d;
    size_t pos = 3;
    for (int i = 0; i < 4; i++)
        CHECK_INT(vg_asterix015_decode(blk, pos, blen, &r[i], &pos, &d), 0);
    const struct tshark_rec *t = o.rec;
    for (int i = 0; i < 4; i++) {
        CHECK_NEAR(tshark_num(&t[i], "asterix.015_010_SAC"), r[i].sac, 0);
        CHECK_NEAR(tshark_num(&t[i], "asterix.015_010_SIC"), r[i].sic, 0);
        CHECK_NEAR(tshark_num(&t[i], "asterix.015_000_MT"), r[i].mt, 0);
    }
    CHECK_NEAR(tshark_num(&t[0], "asterix.015_145_VALUE"), r[0].tod_s, 1e-9);
    CHECK_NEAR(tshark_num(&t[0], "asterix.015_161_VALUE"), r[0].track, 0);
    CHECK_NEAR(tshark_num(&t[0], "asterix.015_170_CNF"), r[0].cnf, 0);
    CHECK_NEAR(tshark_num(&t[0], "asterix.015_020_MOMU"), r[0].momu, 0);
    CHECK_NEAR(tshark_num(&t[0], "asterix.015_300_CLS"), r[0].cls[0], 0);
    CHECK_NEAR(tshark_num(&t[0], "asterix.015_300_PRB"), r[0].prb[0], 0);
    CHECK_NEAR(tshark_num(&t[0], "asterix.015_625_R_VALUE"), r[0].range_m, 1e-6);
    CHECK_NEAR(tshark_num(&t[0], "asterix.015_625_SDR_VALUE"), r[0].sd_range_m, 1e-6);
    CHECK_NEAR(tshark_num(&t[0], "asterix.015_625_RR_VALUE"), r[0].rr_ms, 1e-6);
    CHECK_NEAR(tshark_num(&t[0], "asterix.015_625_SDRR_SDRR"), r[0].sd_rr_ms, 1e-6);
    CHECK_NEAR(tshark_num(&t[0], "asterix.015_626_DV_VALUE"), r[0].dv_ms, 1e-6);
    CHECK_NEAR(tshark_num(&t[0], "asterix.015_627_AZ_VALUE"), r[0].az_deg, 1e-9);
    CHECK_NEAR(tshark_num(&t[0], "asterix.015_627_SDASZ_VALUE"), r[0].sd_az_deg, 1e-9);
    CHECK_NEAR(tshark_num(&t[0], "asterix.015_628_EL_VALUE"), r[0].el_deg, 1e-9);
    CHECK_NEAR(tshark_num(&t[0], "asterix.015_628_SDEL_VALUE"), r[0].sd_el_deg, 1e-9);
    CHECK_NEAR(tshark_num(&t[0], "asterix.015_630_RPS_VALUE"), r[0].rps_db, 0);
    CHECK_NEAR(tshark_num(&t[0], "asterix.015_627_AZEX_S"), 22000 * 360.0 / 65536, 1e-9);
    CHECK_NEAR(tshark_num(&t[1], "asterix.015_627_AZ_VALUE"), r[1].az_deg, 1e-9);
    CHECK_NEAR(tshark_num(&t[2], "asterix.015_600_HPR_RSHPY"), 6.0, 1e-9);
    CHECK_NEAR(tshark_num(&t[2], "asterix.015_601_COGHHA_Y"), 0x20 / 128.0, 1e-9);
    CHECK_NEAR(tshark_num(&t[2], "asterix.015_600_P84_LATITUDE"), r[2].lat_deg, 1e-9);
    CHECK_NEAR(tshark_num(&t[2], "asterix.015_600_P84_LONGITUDE"), r[2].lon_deg, 1e-9);
    CHECK_NEAR(tshark_num(&t[2], "asterix.015_600_HPP_SDHPX"), r[2].sd_x_m, 1e-9);
    CHECK_NEAR(tshark_num(&t[2], "asterix.015_600_HPP_SDHPY"), r[2].sd_y_m, 1e-9);
    CHECK_NEAR(tshark_num(&t[2], "asterix.015_601_GH_VALUE"), r[2].gh_m, 1e-6);
    CHECK_NEAR(tshark_num(&t[2], "asterix.015_601_SDGH_VALUE"), r[2].sd_gh_m, 1e-6);
    CHECK_NEAR(tshark_num(&t[2], "asterix.015_602_HV_X"), r[2].vx_ms, 1e-6);
    CHECK_NEAR(tshark_num(&t[2], "asterix.015_602_HV_Y"), r[2].vy_ms, 1e-6);
    CHECK_NEAR(tshark_num(&t[2], "asterix.015_604_VV_VALUE"), r[2].vv_ms, 1e-6);
    CHECK_NEAR(tshark_num(&t[3], "asterix.015_161_VALUE"), r[3].track, 0);
    tshark_free(&o);
}

int main(void)
{
    RUN(records_and_detections);
    RUN(tshark_agrees);
    return test_report();
}
