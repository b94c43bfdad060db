/* SPDX-License-Identifier: MIT */
/* cmd_replay.c — `vigil replay`: a recording played back into formats.md JSON lines.
 *
 * The outputs are sinks (record/replay.h's table of callbacks) fanned out from one replay, so
 * another sink (the operator picture's) joins by adding an entry to `sinks`. Progress goes to
 * stderr: one line rewritten in place on a terminal, a line per report otherwise. */
#include <float.h>
#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cmds.h"
#include "cli/common.h"
#include "publish/tracks_jsonl.h"
#include "record/recorder.h"
#include "publish/cop.h"
#include "record/replay.h"
#include "sense/jsonl_write.h"

static void usage(FILE *f)
{
    fprintf(f,
            "usage: vigil replay REC.db [--speed X] [--from T] [--to T] [--rerun [--check]]\n"
            "                    [-o TRACKS.jsonl] [--alerts FILE] [--detections FILE] [-q]\n"
            "                    [--cop [--port N] [--bind ADDR] [--state-dir DIR] [--exit]]\n\n"
            "Play a recording (made with --record, or by the live engine) back in time order:\n"
            "track emissions as tracks.jsonl lines, alert events as alerts.jsonl lines, the\n"
            "detections as detections.jsonl lines (formats.md). Progress on stderr.\n\n"
            "  -o, --output FILE     tracks to FILE ('-': stdout, the default)\n"
            "  -a, --alerts FILE     alert events to FILE\n"
            "  -d, --detections FILE detections to FILE\n"
            "      --from T, --to T  the window, in the recording's time (s); default all\n"
            "      --speed X         X times the recorded pace; 0 (default): as fast as possible\n"
            "      --rerun           run the pipeline again on the recorded detections, with\n"
            "                        the recorded site and settings, write its tracks and\n"
            "                        alerts, and compare them with the recorded ones\n"
            "      --set KEY=VAL     with --rerun: change one setting (repeatable)\n"
            "      --check           with --rerun: exit 1 unless every track and alert came\n"
            "                        back bit for bit\n"
            "      --cop             show the replay on the operator picture (at the\n"
            "                        recorded pace unless --speed); it stays up after the end\n"
            "                        until Ctrl-C, unless --exit\n"
            "      --port N, --bind ADDR, --state-dir DIR  the picture's port (8080),\n"
            "                        address (127.0.0.1) and token directory, as for vigil demo\n"
            "      --exit            with --cop: stop when the replay ends\n"
            "  -q, --quiet           no progress or summary on stderr\n"
            "  -h, --help            this text\n");
}

struct outs {
    FILE *tracks, *alerts, *dets;
    int err;
};

static void on_tracks(void *user, double t, const struct vg_track *trk, size_t n)
{
    struct outs *o = user;
    if (o->tracks && !o->err)
        o->err = vg_tracks_jsonl_write(o->tracks, t, trk, n);
}

static void on_alert(void *user, const struct vg_record_alert *al)
{
    struct outs *o = user;
    if (o->alerts && !o->err)
        o->err = vg_alert_write_jsonl(o->alerts, &al->a, al->zone_id, al->advice, al->nadvice,
                                      al->swarm ? al->members : NULL, al->nmembers);
}

static void on_detection(void *user, const struct vg_detection *det, const struct vg_site *s)
{
    struct outs *o = user;
    if (o->dets && !o->err) {
        int rc = vg_jsonl_write_detection(o->dets, s, det, NULL);
        o->err = rc == VG_EIO ? rc : 0; /* a detection JSON cannot express is skipped */
    }
}

static void on_progress(void *user, const struct vg_replay_progress *p)
{
    (void)user;
    int tty = isatty(2);
    fprintf(stderr, "%svigil replay: %5.1f %%  t = %.3f s  %llu records  %.0f records/s%s",
            tty ? "\r" : "", 100.0 * p->fraction, p->t, (unsigned long long)p->records,
            p->records_per_s, tty && !p->done ? "" : "\n");
}

/* The operator picture as a sink: the recorded emissions and alert events, as the live
 * engine published them. */
struct cop_sink {
    struct vg_cop *cop;
};

static void cop_tracks(void *user, double t, const struct vg_track *trk, size_t n)
{
    struct cop_sink *c = user;
    vg_cop_publish(c->cop, t, trk, n);
}

static void cop_alert(void *user, const struct vg_record_alert *al)
{
    struct cop_sink *c = user;
    vg_cop_on_alert(c->cop, &al->a, al->zone_id, al->advice, al->nadvice,
                    al->swarm ? al->members : NULL, al->nmembers);
}

static volatile sig_atomic_t replay_stop;

static void on_stop_signal(int sig)
{
    (void)sig;
    replay_stop = 1;
}

/* The sinks of this run; another one (the operator picture) is one more entry. */
static struct vg_replay_sink sinks[4];
static size_t nsinks;

static void fan_det(void *u, const struct vg_detection *d, const struct vg_site *s)
{
    (void)u;
    for (size_t i = 0; i < nsinks; i++)
        if (sinks[i].detection)
            sinks[i].detection(sinks[i].user, d, s);
}

static void fan_tracks(void *u, double t, const struct vg_track *trk, size_t n)
{
    (void)u;
    for (size_t i = 0; i < nsinks; i++)
        if (sinks[i].tracks)
            sinks[i].tracks(sinks[i].user, t, trk, n);
}

static void fan_alert(void *u, const struct vg_record_alert *al)
{
    (void)u;
    for (size_t i = 0; i < nsinks; i++)
        if (sinks[i].alert)
            sinks[i].alert(sinks[i].user, al);
}

static void fan_progress(void *u, const struct vg_replay_progress *p)
{
    (void)u;
    for (size_t i = 0; i < nsinks; i++)
        if (sinks[i].progress)
            sinks[i].progress(sinks[i].user, p);
}

static FILE *open_out(const char *path)
{
    if (!path)
        return NULL;
    if (!strcmp(path, "-"))
        return stdout;
    FILE *f = fopen(path, "w");
    if (!f)
        fprintf(stderr, "vigil replay: %s: %s\n", path, strerror(errno));
    return f;
}

static int close_out(FILE *f, const char *path, int status)
{
    if (!f)
        return status;
    int bad = f == stdout ? fflush(f) : fclose(f);
    if (bad && !status) {
        fprintf(stderr, "vigil replay: %s: write error\n", path);
        return 1;
    }
    return status;
}

static void print_compare(const struct vg_replay_compare *c)
{
    fprintf(stderr, "vigil replay: re-run: %llu emissions (%llu recorded): %llu track rows "
                    "equal, %llu differ, %llu unmatched; alerts %llu (%llu recorded), %llu "
                    "equal",
            (unsigned long long)c->emissions, (unsigned long long)c->emissions_recorded,
            (unsigned long long)c->tracks_equal, (unsigned long long)c->tracks_differ,
            (unsigned long long)c->tracks_missing, (unsigned long long)c->alerts,
            (unsigned long long)c->alerts_recorded, (unsigned long long)c->alerts_equal);
    if (isnan(c->first_diff_t))
        fprintf(stderr, "; identical\n");
    else
        fprintf(stderr, "; first difference at t = %.3f s, largest position difference "
                        "%.3g m\n", c->first_diff_t, c->max_pos_diff_m);
}

int vg_cmd_replay(int argc, char **argv)
{
    static const struct option opts[] = {
        {"output", required_argument, NULL, 'o'}, {"alerts", required_argument, NULL, 'a'},
        {"detections", required_argument, NULL, 'd'}, {"from", required_argument, NULL, 'F'},
        {"to", required_argument, NULL, 'T'},     {"speed", required_argument, NULL, 'X'},
        {"rerun", no_argument, NULL, 'R'},        {"check", no_argument, NULL, 'C'},
        {"set", required_argument, NULL, 'S'},    {"quiet", no_argument, NULL, 'q'},
        {"cop", no_argument, NULL, 'P'},          {"port", required_argument, NULL, 'N'},
        {"bind", required_argument, NULL, 'B'},   {"state-dir", required_argument, NULL, 'D'},
        {"exit", no_argument, NULL, 'E'},
        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0},
    };
    int cop_on = 0, cop_exit = 0, speed_given = 0, out_given = 0;
    long cop_port = 8080;
    const char *cop_bind = NULL, *cop_state = NULL;
    const char *tracks_path = "-", *alerts_path = NULL, *dets_path = NULL;
    struct vg_replay_opts ro;
    vg_replay_opts_default(&ro);
    int quiet = 0, check = 0, c;
    const char *sets[64];
    size_t nsets = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:a:d:qh", opts, NULL)) != -1) {
        switch (c) {
        case 'o': tracks_path = optarg; out_given = 1; break;
        case 'P': cop_on = 1; break;
        case 'E': cop_exit = 1; break;
        case 'B': cop_bind = optarg; break;
        case 'D': cop_state = optarg; break;
        case 'N': {
            char *end;
            cop_port = strtol(optarg, &end, 10);
            if (end == optarg || *end || cop_port < 0 || cop_port > 65535) {
                fprintf(stderr, "vigil replay: --port '%s' is not a port (0-65535)\n", optarg);
                return 2;
            }
            break;
        }
        case 'a': alerts_path = optarg; break;
        case 'd': dets_path = optarg; break;
        case 'R': ro.rerun = 1; break;
        case 'C': check = 1; break;
        case 'q': quiet = 1; break;
        case 'F':
        case 'T':
            if (vg_cli_parse_double(optarg, -DBL_MAX, DBL_MAX, c == 'F' ? &ro.from : &ro.to)) {
                fprintf(stderr, "vigil replay: --%s '%s' is not a time in seconds\n",
                        c == 'F' ? "from" : "to", optarg);
                return 2;
            }
            break;
        case 'X':
            speed_given = 1;
            if (vg_cli_parse_double(optarg, -DBL_MAX, DBL_MAX, &ro.speed) || ro.speed < 0) {
                fprintf(stderr, "vigil replay: --speed '%s' is not a number ≥ 0\n", optarg);
                return 2;
            }
            break;
        case 'S':
            if (nsets == sizeof sets / sizeof sets[0]) {
                fprintf(stderr, "vigil replay: too many --set\n");
                return 2;
            }
            sets[nsets++] = optarg;
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return 2;
        }
    }
    if (optind != argc - 1) {
        fprintf(stderr, "vigil replay: %s\n", optind >= argc ? "missing REC.db" :
                                                               "more than one recording");
        usage(stderr);
        return 2;
    }
    if (ro.from > ro.to) {
        fprintf(stderr, "vigil replay: --from is after --to\n");
        return 2;
    }
    if ((nsets || check) && !ro.rerun) {
        fprintf(stderr, "vigil replay: --set and --check need --rerun\n");
        return 2;
    }
    if (cop_on && !out_given)
        tracks_path = NULL; /* the picture shows them; stdout stays quiet */
    if (cop_on && !speed_given)
        ro.speed = 1.0;     /* at the recorded pace, as it happened */
    struct vg_diag d;
    struct vg_replay *rp = NULL;
    if (vg_replay_open(&rp, argv[optind], &d)) {
        fprintf(stderr, "vigil replay: %s\n", d.msg);
        return 1;
    }
    struct vg_pipeline_config pc;
    if (nsets) {
        vg_pipeline_config_default(&pc);
        const char *text = vg_replay_meta(rp, "config");
        const char *assess = vg_replay_meta(rp, "assess");
        if (text && vg_record_config_parse(&pc, text, &d)) {
            fprintf(stderr, "vigil replay: %s: recorded %s\n", argv[optind], d.msg);
            vg_replay_close(rp);
            return 1;
        }
        if (assess)
            pc.assess = strcmp(assess, "0") != 0;
        for (size_t i = 0; i < nsets; i++)
            if (vg_pipeline_config_set(&pc, sets[i], &d)) {
                fprintf(stderr, "vigil replay: --set %s\n", d.msg);
                vg_replay_close(rp);
                return 2;
            }
        ro.config = &pc;
    }
    int status = 1;
    struct outs o = {NULL, NULL, NULL, 0};
    if ((tracks_path && !(o.tracks = open_out(tracks_path))) ||
        (alerts_path && !(o.alerts = open_out(alerts_path))) ||
        (dets_path && !(o.dets = open_out(dets_path))))
        goto done;
    nsinks = 0;
    sinks[nsinks++] = (struct vg_replay_sink){on_detection, on_tracks, on_alert, NULL,
                                              quiet ? NULL : on_progress, &o};
    struct cop_sink cs = {NULL};
    if (cop_on) {
        struct vg_cop_config cfg;
        vg_cop_config_default(&cfg);
        cfg.bind = cop_bind;
        cfg.port = (int)cop_port;
        cfg.state_dir = cop_state;
        char title[128];
        snprintf(title, sizeof title, "replay of %s", argv[optind]);
        cfg.title = title;
        if (vg_cop_start(&cs.cop, &cfg, vg_replay_site(rp), &d)) {
            fprintf(stderr, "vigil replay: %s\n", d.msg);
            goto done;
        }
        char url[256];
        vg_cop_url(cs.cop, url, sizeof url);
        printf("Operator picture: %s\n", url);
        fflush(stdout);
        sinks[nsinks++] = (struct vg_replay_sink){NULL, cop_tracks, cop_alert, NULL, NULL, &cs};
    }
    struct vg_replay_sink fan = {fan_det, fan_tracks, fan_alert, NULL, fan_progress, NULL};
    struct vg_replay_compare cmp;
    if (vg_replay_run(rp, &ro, &fan, &cmp, &d)) {
        fprintf(stderr, "vigil replay: %s\n", d.msg);
        goto done;
    }
    if (o.err) {
        fprintf(stderr, "vigil replay: write error\n");
        goto done;
    }
    status = 0;
    if (cs.cop && !cop_exit) {
        /* Ctrl-C during the playback ends the process as usual; from here on it ends the
         * wait, and the picture's server is stopped in order. */
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_stop_signal;
        sigaction(SIGINT, &sa, NULL);
        sigaction(SIGTERM, &sa, NULL);
        if (!quiet)
            fprintf(stderr, "vigil replay: the end; the picture stays up until Ctrl-C\n");
        while (!replay_stop)
            pause();
    }
    if (ro.rerun) {
        if (!quiet)
            print_compare(&cmp);
        if (check && !isnan(cmp.first_diff_t))
            status = 1;
    }
done:
    status = close_out(o.tracks, tracks_path, status);
    status = close_out(o.alerts, alerts_path, status);
    status = close_out(o.dets, dets_path, status);
    if (cs.cop)
        vg_cop_stop(cs.cop);
    vg_replay_close(rp);
    return status;
}
