/* SPDX-License-Identifier: MIT */
/* test_pipeline_config.c — one settings file for every stage: keys are unique across the
 * tracker, classifier and alert tables (so a key cannot silently go to the wrong stage);
 * a file mixing them lands each key in its stage; a bad line names FILE:LINE. */
#include "test.h"

#include <unistd.h>

#include "engine/pipeline.h"

static void keys_unique_across_stages(void)
{
    const struct vg_cfg_entry *tabs[3] = {vg_tracker_cfg, vg_classifier_cfg, vg_alert_cfg};
    size_t ns[3] = {vg_tracker_cfg_count, vg_classifier_cfg_count, vg_alert_cfg_count};
    int dups = 0;
    for (int a = 0; a < 3; a++)
        for (size_t i = 0; i < ns[a]; i++)
            for (int b = a; b < 3; b++)
                for (size_t j = (a == b ? i + 1 : 0); j < ns[b]; j++)
                    if (!strcmp(tabs[a][i].key, tabs[b][j].key)) {
                        fprintf(stderr, "  duplicate key %s\n", tabs[a][i].key);
                        dups++;
                    }
    CHECK_INT(dups, 0);
}

static void one_file_every_stage(void)
{
    char path[] = "/tmp/vigil-cfg-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    if (fd < 0)
        return;
    FILE *f = fdopen(fd, "w");
    fputs("# all stages\nq_h = 12.5\ntau_s = 33\nraise_threat = 0.7\n\n", f);
    fclose(f);
    struct vg_pipeline_config c;
    vg_pipeline_config_default(&c);
    struct vg_diag d;
    CHECK_INT(vg_pipeline_config_load(&c, path, &d), 0);
    CHECK_NEAR(c.tracker.q_h, 12.5, 0);
    CHECK_NEAR(c.classifier.tau_s, 33, 0);
    CHECK_NEAR(c.assessor.alert.raise_threat, 0.7, 0);
    CHECK_INT(vg_pipeline_config_set(&c, "clear_threat=0.2", &d), 0);
    CHECK_NEAR(c.assessor.alert.clear_threat, 0.2, 0);
    CHECK(vg_pipeline_config_set(&c, "no_such_key=1", &d) != 0);
    CHECK(strstr(d.msg, "no_such_key") != NULL);
    f = fopen(path, "w");
    fputs("q_h = 1\nbogus = 2\n", f);
    fclose(f);
    CHECK(vg_pipeline_config_load(&c, path, &d) != 0);
    CHECK(strstr(d.msg, ":2:") != NULL && strstr(d.msg, "bogus") != NULL);
    remove(path);
}

int main(void)
{
    RUN(keys_unique_across_stages);
    RUN(one_file_every_stage);
    return test_report();
}
