/* SPDX-License-Identifier: MIT */
/* cop_action.c — an operator's action as it comes off the WebSocket, checked before it goes
 * anywhere near the engine.
 *
 * The message is JSON from a browser that holds the token, which still does not make its
 * content trustworthy: the alert id must look like the assessor's ("a-12": letters, digits,
 * '-' and '_', shorter than VG_ALERT_ID_MAX), and the operator's name, shown to other
 * operators and recorded, must be 1 to 31 bytes of valid UTF-8 (jansson checks that) with no
 * control characters. Longer names are refused, not cut, so a multi-byte character is never
 * split. Unknown keys are ignored; duplicate keys are refused. */
#include <ctype.h>
#include <jansson.h>
#include <string.h>

#include "publish/cop_internal.h"

static int valid_alert_id(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n >= VG_ALERT_ID_MAX)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)s[i]) && s[i] != '-' && s[i] != '_')
            return 0;
    return 1;
}

static int valid_who(const char *s, size_t n)
{
    if (n == 0 || n >= VG_ALERT_WHO_MAX || strlen(s) != n) /* no NUL inside */
        return 0;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
            return 0;
    return 1;
}

int vg__cop_action_parse(const char *buf, size_t n, struct vg_cop_action *a, const char **error)
{
    memset(a, 0, sizeof *a);
    a->op = -1;
    json_error_t err;
    json_t *m = json_loadb(buf, n, JSON_REJECT_DUPLICATES, &err);
    json_t *op = json_object_get(m, "op"), *alert = json_object_get(m, "alert");
    json_t *who = json_object_get(m, "who");
    int rc = -1;
    if (!json_is_string(op) || !json_is_string(alert) || !json_is_string(who)) {
        *error = "expected {\"op\", \"alert\", \"who\"} as strings";
        goto done;
    }
    if (!strcmp(json_string_value(op), "ack"))
        a->op = VG_COP_ACK;
    else if (!strcmp(json_string_value(op), "clear"))
        a->op = VG_COP_CLEAR;
    if (valid_alert_id(json_string_value(alert)))
        memcpy(a->alert, json_string_value(alert), strlen(json_string_value(alert)) + 1);
    if (a->op < 0)
        *error = "op must be ack or clear";
    else if (!a->alert[0])
        *error = "bad alert id";
    else if (!valid_who(json_string_value(who), json_string_length(who)))
        *error = "operator name: 1 to 31 bytes, no control characters";
    else {
        memcpy(a->who, json_string_value(who), json_string_length(who) + 1);
        rc = 0;
    }
done:
    json_decref(m);
    return rc;
}
