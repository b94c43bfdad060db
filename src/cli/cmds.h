/* SPDX-License-Identifier: MIT */
/* cmds.h — the `vigil` subcommands. Each takes main's argc/argv shifted so that argv[0] is
 * the subcommand name, prints its own --help, and returns the process exit status
 * (0 ok, 1 failure of the work, 2 bad usage). Only cli/ may exit or print usage. */
#ifndef VG_CLI_CMDS_H
#define VG_CLI_CMDS_H

int vg_cmd_track(int argc, char **argv);
int vg_cmd_score(int argc, char **argv);
int vg_cmd_sim(int argc, char **argv);
int vg_cmd_bench(int argc, char **argv);
int vg_cmd_demo(int argc, char **argv);
int vg_cmd_exercise(int argc, char **argv);
int vg_cmd_decode(int argc, char **argv);
int vg_cmd_replay(int argc, char **argv);
int vg_cmd_export(int argc, char **argv);
int vg_cmd_run(int argc, char **argv);

#endif
