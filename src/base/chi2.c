/* SPDX-License-Identifier: MIT */
/* chi2.c — χ² CDF by the regularised lower incomplete gamma P(k/2, x/2), quantile by
 * bisection on it.
 *
 * P(a, z) is summed from its power series for z < a + 1 and from the Lentz continued
 * fraction of Q = 1 − P otherwise (Numerical Recipes, 3rd ed., §6.2); both converge to
 * double precision in well under 1000 terms for dof ≤ 10⁵. Bisection (200 halvings of a
 * bracket found by doubling) is slow only in theory: quantiles are computed once at setup. */
#include "base/chi2.h"

#include <float.h>
#include <math.h>

static double gamma_p(double a, double z)
{
    if (z <= 0.0)
        return 0.0;
    double lnpre = a * log(z) - z - lgamma(a);
    if (z < a + 1.0) {
        double ap = a, sum = 1.0 / a, del = sum;
        for (int i = 0; i < 100000; i++) {
            ap += 1.0;
            del *= z / ap;
            sum += del;
            if (fabs(del) < fabs(sum) * 1e-16)
                break;
        }
        return sum * exp(lnpre);
    }
    double b = z + 1.0 - a, c = 1.0 / DBL_MIN, d = 1.0 / b, h = d;
    for (int i = 1; i < 100000; i++) {
        double an = -i * (i - a);
        b += 2.0;
        d = an * d + b;
        if (fabs(d) < DBL_MIN)
            d = DBL_MIN;
        c = b + an / c;
        if (fabs(c) < DBL_MIN)
            c = DBL_MIN;
        d = 1.0 / d;
        double del = d * c;
        h *= del;
        if (fabs(del - 1.0) < 1e-16)
            break;
    }
    return 1.0 - exp(lnpre) * h;
}

double vg_chi2_cdf(double x, int dof)
{
    if (dof < 1 || isnan(x))
        return NAN;
    return gamma_p(0.5 * dof, 0.5 * x);
}

double vg_chi2_quantile(double p, int dof)
{
    if (!(p > 0.0 && p < 1.0) || dof < 1)
        return NAN;
    double lo = 0.0, hi = dof + 10.0;
    while (vg_chi2_cdf(hi, dof) < p)
        hi *= 2.0;
    for (int i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
        double mid = 0.5 * (lo + hi);
        if (vg_chi2_cdf(mid, dof) < p)
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}
