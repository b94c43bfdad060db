/* SPDX-License-Identifier: MIT */
/* assign.h — optimal rectangular linear assignment (shortest augmenting path).
 *
 * Minimises sum cost[i*m + row_to_col[i]] over assignments of every row i < n to a distinct
 * column, n <= m, by the Jonker–Volgenant shortest augmenting path method in the form given
 * by D. F. Crouse, "On implementing 2D rectangular assignment algorithms", IEEE Transactions
 * on Aerospace and Electronic Systems 52(4):1679–1696, 2016 (Algorithm 4; the same method as
 * SciPy's linear_sum_assignment). O(n² m) time; entries may be +INFINITY (forbidden pair).
 *
 * The tracker solves one small problem per cluster per scan, so the workspace is plain
 * caller-owned data that grows only when a larger problem arrives: after vg_assign_reserve()
 * for the largest expected problem, vg_assign_solve() never allocates. */
#ifndef VG_ASSIGN_H
#define VG_ASSIGN_H

struct vg_assign {
    void *buf;    /* one block: doubles u[rows], v[cols], dist[cols], then ints, then flags */
    int cap_rows; /* rows the block has room for, >= 0 */
    int cap_cols; /* columns the block has room for, >= 0 */
};

/* Empty workspace, no allocation. */
void vg_assign_init(struct vg_assign *a);
/* Frees the workspace and leaves it empty (safe to call twice or after init only). */
void vg_assign_fini(struct vg_assign *a);
/* Ensures room for problems up to rows × cols. 0, VG_ENOMEM (workspace unchanged) or
 * VG_EINVAL (negative size). */
int vg_assign_reserve(struct vg_assign *a, int rows, int cols);
/* Minimise sum cost[i*m + col[i]] over assignments of every row i < n to a distinct column,
 * n <= m. Entries may be +INFINITY (forbidden). Returns 0 and fills row_to_col[n]; VG_EINVAL
 * if n > m, a cost is NaN or -inf, or no feasible assignment exists (row_to_col is then left
 * untouched). n = 0 is a valid empty problem. Allocates only if the workspace is too small
 * (call vg_assign_reserve first to guarantee no allocation): VG_ENOMEM if that fails. */
int vg_assign_solve(struct vg_assign *a, const double *cost, int n, int m, int *row_to_col);

#endif
