/* SPDX-License-Identifier: MIT */
/* test_asterix062.c — Cat 062 system tracks as written by Vigil, read back by an independent
 * peer: Wireshark's ASTERIX dissector (tshark 4.0.17). Every record must decode without a
 * malformed-packet or expert-info mark, with the track's values within the items' LSBs. */
#define _DEFAULT_SOURCE 1
#include "test.h"

#include <unistd.h>

#include "publish/asterix062.h"
#include "tshark.h"

#define NTRK 70
#define PORT 8600
#define T_UNIX 1700012345.678

static struct vg_site site;
static struct vg_track trk[NTRK];

static void make_tracks(void)
{
    vg_site_init(&site);
    vg_enu_frame_init(&site.frame, 47.0, 8.0, 400.0);
    struct vg_sensor a = {.id = "radar-1", .type = VG_SENSOR_RADAR, .declared = 1};
    struct vg_sensor b = {.id = "rf-1", .type = VG_SENSOR_RF, .declared = 1};
    vg_site_add_sensor(&site, &a);
    vg_site_add_sensor(&site, &b);
    for (int i = 0; i < NTRK; i++) {
        struct vg_track *t = &trk[i];
        memset(t, 0, sizeof *t);
        t->id = i == 5 ? 70000 : 1000 + (uint64_t)i; /* 70000 wraps to 4464 */
        t->status = (uint8_t)(i % 3); /* tentative, confirmed, coasting */
        t->t = T_UNIX;
        double x[6] = {-3000 + 97.3 * i, 2000 - 61.7 * i, 50 + 3.1 * i,
                       12.5 - 0.7 * i, -8 + 0.37 * i, 0.5 - 0.05 * i};
        memcpy(t->x, x, sizeof x);
        double diag[6] = {25.0 + i, 36.0 + 2 * i, 16, 4 + 0.1 * i, 4, 1};
        for (int k = 0; k < 6; k++)
            t->P[k * 7] = diag[k];
        t->P[1] = t->P[6] = (i % 2 ? -1 : 1) * (3.0 + i);
    }
    trk[7].x[0] = NAN; /* not writable: consumed, skipped */
}

static void blocks_fit_datagrams(void)
{
    struct vg_asterix062_cfg cfg;
    vg_asterix062_cfg_default(&cfg);
    uint8_t buf[2000];
    size_t done = 0, used, blocks = 0;
    while (done < NTRK) {
        size_t len = vg_asterix062_encode(&cfg, &site, T_UNIX, trk + done, NTRK - done, &used,
                                          buf, sizeof buf);
        CHECK(len > 3 && len <= 1400);
        CHECK_INT(buf[0], 62);
        CHECK_INT((size_t)(buf[1] << 8 | buf[2]), len);
        CHECK(used > 1);
        if (!len)
            break;
        done += used;
        blocks++;
    }
    CHECK_INT(done, NTRK);
    CHECK(blocks >= 2);
    /* A buffer too small for one record: nothing, nothing consumed. */
    CHECK_INT(vg_asterix062_encode(&cfg, &site, T_UNIX, trk, NTRK, &used, buf, 20), 0);
    CHECK_INT(used, 0);
    /* A smaller block_max gives more, smaller blocks. */
    cfg.block_max = 200;
    size_t len = vg_asterix062_encode(&cfg, &site, T_UNIX, trk, NTRK, &used, buf, sizeof buf);
    CHECK(len <= 200 && used >= 3);
}

static void tshark_reads_what_vigil_meant(void)
{
    if (!tshark_available()) {
        fprintf(stderr, "  tshark is not installed: it is the independent peer of this test "
                        "(Debian: apt-get install tshark)\n");
        CHECK(!"tshark available");
        return;
    }
    struct vg_asterix062_cfg cfg;
    vg_asterix062_cfg_default(&cfg);
    cfg.sac = 25;
    cfg.sic = 77;
    cfg.service_id = 3;
    static uint8_t dg[16][1400];
    const uint8_t *pl[16];
    size_t len[16], ndg = 0, done = 0, used;
    while (done < NTRK && ndg < 16) {
        len[ndg] = vg_asterix062_encode(&cfg, &site, T_UNIX, trk + done, NTRK - done, &used,
                                        dg[ndg], sizeof dg[ndg]);
        if (!len[ndg])
            break;
        pl[ndg] = dg[ndg];
        ndg++;
        done += used;
    }
    char path[] = "/tmp/vigil-062-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    close(fd);
    CHECK_INT(tshark_write_pcap(path, pl, len, ndg, PORT), 0);
    struct tshark_out o;
    CHECK_INT(tshark_read(path, "udp.port==8600,asterix", "asterix.message", &o), 0);
    unlink(path);
    CHECK_INT(o.frames, (int)ndg);
    CHECK_INT(o.problems, 0);
    CHECK_INT(o.n, NTRK - 1);
    double tod = fmod(T_UNIX, 86400.0);
    int j = 0;
    for (int i = 0; i < NTRK && j < o.n; i++) {
        const struct vg_track *t = &trk[i];
        if (!isfinite(t->x[0]))
            continue;
        const struct tshark_rec *r = &o.rec[j++];
        double lat, lon, h;
        vg_enu_to_geo(&site.frame, t->x, &lat, &lon, &h);
        CHECK_NEAR(tshark_num(r, "asterix.062_010_SAC"), 25, 0);
        CHECK_NEAR(tshark_num(r, "asterix.062_010_SIC"), 77, 0);
        CHECK_NEAR(tshark_num(r, "asterix.062_015_VALUE"), 3, 0);
        CHECK_NEAR(tshark_num(r, "asterix.062_070_VALUE"), tod, 1.0 / 256);
        CHECK_NEAR(tshark_num(r, "asterix.062_040_VALUE"), (double)(t->id & 0xffff), 0);
        CHECK_NEAR(tshark_num(r, "asterix.062_105_LAT"), lat, 90.0 / 33554432 + 1e-12);
        CHECK_NEAR(tshark_num(r, "asterix.062_105_LON"), lon, 90.0 / 33554432 + 1e-12);
        CHECK_NEAR(tshark_num(r, "asterix.062_100_X"), t->x[0], 0.25);
        CHECK_NEAR(tshark_num(r, "asterix.062_100_Y"), t->x[1], 0.25);
        CHECK_NEAR(tshark_num(r, "asterix.062_185_VX"), t->x[3], 0.125);
        CHECK_NEAR(tshark_num(r, "asterix.062_185_VY"), t->x[4], 0.125);
        CHECK_NEAR(tshark_num(r, "asterix.062_130_VALUE"), h / 0.3048, 3.125 + 1e-9);
        CHECK_NEAR(tshark_num(r, "asterix.062_220_VALUE"), t->x[5] / 0.3048 * 60, 3.125 + 1e-9);
        CHECK_NEAR(tshark_num(r, "asterix.062_080_MON"), 0, 0); /* two sensors: multi */
        CHECK_NEAR(tshark_num(r, "asterix.062_080_SRC"), 2, 0);
        CHECK_NEAR(tshark_num(r, "asterix.062_080_CNF"), t->status == VG_TRACK_TENTATIVE, 0);
        if (t->status == VG_TRACK_COASTING)
            CHECK_NEAR(tshark_num(r, "asterix.062_080_CST"), 1, 0);
        else
            CHECK(isnan(tshark_num(r, "asterix.062_080_CST")));
        CHECK_NEAR(tshark_num(r, "asterix.062_500_APC_X"), sqrt(t->P[0]), 0.25 + 1e-9);
        CHECK_NEAR(tshark_num(r, "asterix.062_500_APC_Y"), sqrt(t->P[7]), 0.25 + 1e-9);
        double c = t->P[1] < 0 ? -sqrt(-t->P[1]) : sqrt(t->P[1]);
        CHECK_NEAR(tshark_num(r, "asterix.062_500_COV_VALUE"), c, 0.25 + 1e-9);
        CHECK_NEAR(tshark_num(r, "asterix.062_500_AGA_VALUE"), sqrt(t->P[14]) / 0.3048,
                   3.125 + 1e-9);
        CHECK_NEAR(tshark_num(r, "asterix.062_500_ATV_X"), sqrt(t->P[21]), 0.125 + 1e-9);
        CHECK_NEAR(tshark_num(r, "asterix.062_500_ATV_Y"), sqrt(t->P[28]), 0.125 + 1e-9);
    }
    tshark_free(&o);
}

int main(void)
{
    make_tracks();
    RUN(blocks_fit_datagrams);
    RUN(tshark_reads_what_vigil_meant);
    vg_site_fini(&site);
    return test_report();
}
