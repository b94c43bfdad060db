/* SPDX-License-Identifier: MIT */
/* chi2.h — chi-square distribution function and quantiles for gates and consistency tests.
 *
 * Gates are set by probability (the chance a true measurement falls inside), so the
 * threshold depends on the measurement dimension; NEES/NIS tests need two-sided intervals
 * for dof up to several thousand. Integer dof only: that is all tracking needs. */
#ifndef VG_CHI2_H
#define VG_CHI2_H

double vg_chi2_cdf(double x, int dof);      /* P(X ≤ x), X ~ χ²(dof), dof ≥ 1 */
double vg_chi2_quantile(double p, int dof); /* x with cdf(x) = p, 0 < p < 1 */

#endif
