/* SPDX-License-Identifier: MIT */
/* test_docs.c — keeps the documentation honest about what the code has.
 *
 * The tracker's settings table (vg_tracker_cfg[], src/track/tracker_config.c) and the
 * subcommand table of src/cli/main.c are the truth; the docs are written by hand. So:
 *   - every settings key has an entry in docs/vigil.1 (a ".B key" line under TRACKER
 *     SETTINGS whose next line starts "Default <value>") and a row in docs/tracker.md's table
 *     ("| `key` | <value> |"), with the table's default printed as %g (or true/false);
 *   - every subcommand named in main.c's table has a `.SS "vigil CMD"` section in
 *     docs/vigil.1 and is shown as "vigil CMD" in README.md.
 * A new key or command without docs, or a changed default, fails here. The commands are read
 * from main.c's source because the table is static there; a case checks that the parse finds
 * the five of this release, so a broken parse cannot pass silently. Files are read relative
 * to the repository root, the tests' working directory. */
#include "test.h"

#include <ctype.h>

#include "track/track.h"

#define MAX_CMDS 32
#define NAME_MAX_LEN 32

/* The whole file as a NUL-terminated string (caller frees), or NULL. */
static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "  cannot open %s (tests run from the repository root)\n", path);
        return NULL;
    }
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        n += fread(buf + n, 1, cap - 1 - n, f);
        if (n < cap - 1)
            break;
        char *nb = realloc(buf, cap * 2);
        if (!nb) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = nb;
        cap *= 2;
    }
    if (buf)
        buf[n] = '\0';
    fclose(f);
    return buf;
}

static int is_ident(char c)
{
    return isalnum((unsigned char)c) || c == '_';
}

/* Does text hold `word` with no identifier character on either side? */
static int has_word(const char *text, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = strstr(text, word); p; p = strstr(p + 1, word))
        if ((p == text || !is_ident(p[-1])) && !is_ident(p[n]))
            return 1;
    return 0;
}

/* Start of the line after the first line at or after `from` that is exactly `line`, or
 * NULL if there is none. */
static const char *after_line(const char *from, const char *line)
{
    size_t n = strlen(line);
    for (const char *p = strstr(from, line); p; p = strstr(p + 1, line))
        if ((p == from || p[-1] == '\n') && p[n] == '\n')
            return p + n + 1;
    return NULL;
}

/* The default of a settings entry as the docs print it. */
static void default_text(const struct vg_cfg_entry *e, char *buf, size_t cap)
{
    if (e->type == VG_CFG_BOOL)
        snprintf(buf, cap, "%s", e->def != 0.0 ? "true" : "false");
    else
        snprintf(buf, cap, "%g", e->def);
}

/* Does the man page document the key, with its default? */
static int man_has_key(const char *man, const struct vg_cfg_entry *e)
{
    char line[96], want[96], def[32];
    default_text(e, def, sizeof def);
    snprintf(line, sizeof line, ".B %s", e->key);
    snprintf(want, sizeof want, "Default %s,", def);
    /* The key may also be named in running text (".B confirm_n" inside a sentence): look at
     * every such line for the entry whose next line gives the default. */
    for (const char *next = after_line(man, line); next; next = after_line(next, line))
        if (strncmp(next, want, strlen(want)) == 0)
            return 1;
    return 0;
}

/* Does tracker.md's settings table have a row for the key, with its default? */
static int md_has_key(const char *md, const struct vg_cfg_entry *e)
{
    char row[128], def[32];
    default_text(e, def, sizeof def);
    snprintf(row, sizeof row, "\n| `%s` | %s |", e->key, def);
    return strstr(md, row) != NULL;
}

/* Names of main.c's command table, in order: {"name", vg_cmd_..., "summary"}. */
static size_t parse_commands(const char *src, char names[][NAME_MAX_LEN], size_t max)
{
    const char *p = strstr(src, "commands[] = {");
    const char *end = p ? strstr(p, "};") : NULL;
    size_t n = 0;
    if (!p || !end)
        return 0;
    while (n < max && (p = strstr(p, "{\"")) && p < end) {
        p += 2;
        const char *q = strchr(p, '"');
        if (!q || q - p >= NAME_MAX_LEN || strncmp(q, "\", vg_cmd_", 10) != 0)
            return 0; /* not the shape expected: fail loudly rather than check nothing */
        memcpy(names[n], p, (size_t)(q - p));
        names[n][q - p] = '\0';
        n++;
        p = q;
    }
    return n;
}

static void settings_in_man_page(void)
{
    char *man = slurp("docs/vigil.1");
    CHECK(man != NULL);
    if (!man)
        return;
    CHECK(vg_tracker_cfg_count > 0);
    for (size_t i = 0; i < vg_tracker_cfg_count; i++) {
        int ok = man_has_key(man, &vg_tracker_cfg[i]);
        if (!ok)
            fprintf(stderr, "  docs/vigil.1: no '.B %s' entry followed by its default\n",
                    vg_tracker_cfg[i].key);
        CHECK(ok);
    }
    CHECK(strstr(man, "\n.SH TRACKER SETTINGS\n") != NULL);
    free(man);
}

static void settings_in_tracker_md(void)
{
    char *md = slurp("docs/tracker.md");
    CHECK(md != NULL);
    if (!md)
        return;
    for (size_t i = 0; i < vg_tracker_cfg_count; i++) {
        int ok = md_has_key(md, &vg_tracker_cfg[i]);
        if (!ok)
            fprintf(stderr, "  docs/tracker.md: no settings row '| `%s` | <default> |'\n",
                    vg_tracker_cfg[i].key);
        CHECK(ok);
    }
    free(md);
}

static void command_table_parses(void)
{
    char *src = slurp("src/cli/main.c");
    CHECK(src != NULL);
    if (!src)
        return;
    char names[MAX_CMDS][NAME_MAX_LEN];
    size_t n = parse_commands(src, names, MAX_CMDS);
    static const char *const expected[] = {"demo", "sim", "track", "score", "bench"};
    CHECK(n >= sizeof expected / sizeof expected[0]);
    for (size_t k = 0; k < sizeof expected / sizeof expected[0]; k++) {
        int found = 0;
        for (size_t i = 0; i < n; i++)
            found |= strcmp(names[i], expected[k]) == 0;
        if (!found)
            fprintf(stderr, "  src/cli/main.c: command '%s' not found in the table\n",
                    expected[k]);
        CHECK(found);
    }
    free(src);
}

static void commands_in_readme_and_man_page(void)
{
    char *src = slurp("src/cli/main.c"), *readme = slurp("README.md");
    char *man = slurp("docs/vigil.1");
    CHECK(src && readme && man);
    if (src && readme && man) {
        char names[MAX_CMDS][NAME_MAX_LEN];
        size_t n = parse_commands(src, names, MAX_CMDS);
        CHECK(n > 0);
        for (size_t i = 0; i < n; i++) {
            char phrase[64], heading[80];
            snprintf(phrase, sizeof phrase, "vigil %s", names[i]);
            snprintf(heading, sizeof heading, ".SS \"vigil %s\"", names[i]);
            int in_readme = has_word(readme, phrase);
            int in_man = after_line(man, heading) != NULL;
            if (!in_readme)
                fprintf(stderr, "  README.md: command '%s' is not shown\n", names[i]);
            if (!in_man)
                fprintf(stderr, "  docs/vigil.1: no section '%s'\n", heading);
            CHECK(in_readme);
            CHECK(in_man);
        }
    }
    free(src);
    free(readme);
    free(man);
}

/* The checks above must be able to fail: a document missing a key or a command, or
 * showing a wrong default, is caught. */
static void checker_catches_omissions(void)
{
    const struct vg_cfg_entry *e = &vg_tracker_cfg[0];
    char def[32], good_man[256], good_md[256];
    default_text(e, def, sizeof def);
    snprintf(good_man, sizeof good_man, ".TP\n.B %s\nDefault %s, range x.\n", e->key, def);
    snprintf(good_md, sizeof good_md, "| key |\n| `%s` | %s | x |\n", e->key, def);
    CHECK(man_has_key(good_man, e));
    CHECK(md_has_key(good_md, e));
    CHECK(!man_has_key(".TP\n.B other_key\nDefault 1, range x.\n", e));
    char prose_first[512];
    snprintf(prose_first, sizeof prose_first, "see\n.B %s\nbelow.\n%s", e->key, good_man);
    CHECK(man_has_key(prose_first, e));
    CHECK(!md_has_key("| key |\n| `other_key` | 1 | x |\n", e));

    char wrong_man[256], wrong_md[256];
    snprintf(wrong_man, sizeof wrong_man, ".B %s\nDefault %s7, range x.\n", e->key, def);
    snprintf(wrong_md, sizeof wrong_md, "\n| `%s` | %s7 |\n", e->key, def);
    CHECK(!man_has_key(wrong_man, e));
    CHECK(!md_has_key(wrong_md, e));

    /* "vigil track" must not be found inside "vigil tracker" or "vigil tracks". */
    CHECK(has_word("run `vigil track` here", "vigil track"));
    CHECK(!has_word("the vigil tracker and vigil tracks", "vigil track"));
    CHECK(after_line("x\n.SS \"vigil sim\"\ny", ".SS \"vigil sim\"") != NULL);
    CHECK(after_line("x\n.SS \"vigil simulate\"\ny", ".SS \"vigil sim\"") == NULL);

    char names[MAX_CMDS][NAME_MAX_LEN];
    CHECK(parse_commands("commands[] = {\n {\"a\", vg_cmd_a, \"x\"},\n};", names, MAX_CMDS) == 1);
    CHECK(parse_commands("no table here", names, MAX_CMDS) == 0);
}

int main(void)
{
    RUN(checker_catches_omissions);
    RUN(settings_in_man_page);
    RUN(settings_in_tracker_md);
    RUN(command_table_parses);
    RUN(commands_in_readme_and_man_page);
    return test_report();
}
