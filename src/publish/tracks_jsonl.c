/* SPDX-License-Identifier: MIT */
/* tracks_jsonl.c — tracks as JSON lines, written with stdio rather than a JSON tree: the
 * fields are fixed numbers and enums, and at 10⁴ tracks per scan building and freeing a
 * tree per line would cost more than the tracking. Times and positions are printed with
 * 17 significant digits (%.17g round-trips a double exactly), so a scorer matches track
 * times to truth times exactly; covariances with 9, ample for their meaning. */
#include "publish/tracks_jsonl.h"

#include "base/err.h"
#include "sense/jsonl_write.h"

int vg_tracks_jsonl_write(FILE *f, double t, const struct vg_track *trk, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const struct vg_track *k = &trk[i];
        fprintf(f, "{\"t\":%.17g,\"id\":%llu,\"status\":\"%s\",\"pos\":[%.17g,%.17g,%.17g],"
                   "\"vel\":[%.17g,%.17g,%.17g],\"cov\":[",
                t, (unsigned long long)k->id, vg_track_status_name(k->status), k->x[0],
                k->x[1], k->x[2], k->x[3], k->x[4], k->x[5]);
        for (int j = 0; j < VG_NX * VG_NX; j++)
            fprintf(f, j ? ",%.9g" : "%.9g", k->P[j]);
        fputc(']', f);
        if (k->assessed) {
            fprintf(f, ",\"class\":\"%s\",\"p_class\":{", vg_class_name(k->cls));
            int first = 1;
            for (int c = 0; c < VG_CLASS_COUNT; c++) {
                if (k->p_class[c] <= 0.0f)
                    continue;
                fprintf(f, first ? "\"%s\":%.4f" : ",\"%s\":%.4f", vg_class_name(c),
                        (double)k->p_class[c]);
                first = 0;
            }
            fprintf(f, "},\"cooperative\":%s,\"threat\":%.4f",
                    k->cooperative < 0 ? "null" : k->cooperative ? "true" : "false",
                    (double)k->threat);
            if (k->cooperative > 0 && k->coop_id[0]) {
                fputs(",\"coop_id\":", f);
                vg_jsonl_write_string(f, k->coop_id);
            }
        }
        if (k->link != VG_LINK_NONE)
            fprintf(f, ",\"rf_link\":\"%s\"", vg_link_name(k->link));
        fputs("}\n", f);
    }
    return ferror(f) ? VG_EIO : 0;
}
