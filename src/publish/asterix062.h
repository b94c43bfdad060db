/* SPDX-License-Identifier: MIT */
/* asterix062.h — Vigil's tracks out as EUROCONTROL ASTERIX Cat 062 (SDPS system tracks), the
 * form air-defence and ATM consoles take tracks in.
 *
 * One call writes one data block (CAT 62, LEN, records) holding as many tracks as fit in
 * block_max bytes (1400 by default: one UDP datagram under a 1500-byte Ethernet MTU). The
 * live engine sends each block as one datagram:
 *
 *     for (size_t done = 0, used; done < n; done += used) {
 *         size_t len = vg_asterix062_encode(&cfg, site, t, trk + done, n - done, &used,
 *                                           buf, sizeof buf);
 *         if (!len) break;             // buf smaller than one record
 *         send(sock, buf, len, 0);
 *     }
 *
 * Items (Cat 062 edition 1.18/1.19; checked against tshark 4.0.17's dissector): 010 SAC/SIC
 * of the engine, 015 service id, 070 time of track information, 105 WGS-84 position, 100
 * Cartesian position, 185 Cartesian velocity, 040 track number, 080 track status, 130
 * geometric altitude, 220 rate of climb/descent, 500 estimated accuracies. Not sent: 210
 * acceleration (Vigil's tracks are constant-velocity states: there is no estimate), 136
 * measured flight level (no Mode C in a counter-drone track), identities (060, 245, 380). */
#ifndef VG_PUBLISH_ASTERIX062_H
#define VG_PUBLISH_ASTERIX062_H

#include <stddef.h>
#include <stdint.h>

#include "base/site.h"
#include "track/track.h"

#define VG_ASTERIX062_BLOCK_MAX 1400

struct vg_asterix062_cfg {
    uint8_t sac, sic;      /* I062/010: the engine as a data source */
    uint8_t service_id;    /* I062/015 */
    size_t block_max;      /* bytes per data block, ≤ 65535; 0 = VG_ASTERIX062_BLOCK_MAX */
    int monosensor;        /* I062/080 MON: 1 mono, 0 multi, -1 (default) mono when the site
                              has one sensor */
    uint8_t alt_source;    /* I062/080 SRC of I062/130: 0 none, 1 GNSS, 2 3D radar (default),
                              3 triangulation, ... 7 multilateration */
};

/* SAC 0, SIC 1, service 1, block_max 1400, monosensor -1, alt_source 2. */
void vg_asterix062_cfg_default(struct vg_asterix062_cfg *cfg);

/* Write one Cat 062 data block into buf (cap bytes) from the tracks trk[0..n), all at time t
 * (UNIX seconds; I062/070 is its time of day, UTC). site gives the WGS-84 position of the
 * ENU states. Returns the block's length, with *consumed = tracks taken from trk (tracks
 * with a non-finite state are consumed but not written). Returns 0 when n is 0, when not
 * even one record fits (then *consumed = 0), or when every track left is unwritable (then
 * *consumed = n). Never more than min(cap, block_max) bytes. */
size_t vg_asterix062_encode(const struct vg_asterix062_cfg *cfg, const struct vg_site *site,
                            double t, const struct vg_track *trk, size_t n, size_t *consumed,
                            uint8_t *buf, size_t cap);

#endif
